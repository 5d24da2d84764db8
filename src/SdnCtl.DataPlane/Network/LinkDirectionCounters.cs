namespace SdnCtl.DataPlane.Network;

/// <summary>Traffic of one direction of a <see cref="SimulatedLink"/>; readable from any thread.</summary>
public sealed class LinkDirectionCounters
{
    private long _frames;
    private long _bytes;
    private long _dropped;

    /// <summary>Frames put on the link in this direction.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Bytes of <see cref="Frames"/>.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Frames lost because the link was down (when sent, or while in flight).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public override string ToString() => $"{Frames} frames, {Bytes} bytes, {Dropped} dropped";

    internal void Count(int bytes)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void CountDropped() => Interlocked.Increment(ref _dropped);
}
