namespace SdnCtl.Nfv.PacketCounter;

/// <summary>Counts frames and bytes per interface and passes them through (to the other interface when there are two).</summary>
public sealed class PacketCounterAppliance : NetworkAppliance
{
    private readonly long[] _frames;
    private readonly long[] _bytes;
    private readonly int _maxFrameBytes;
    private long _oversize;

    internal PacketCounterAppliance(PacketCounterOptions options, TimeProvider time)
        : base(options, time)
    {
        _frames = new long[Interfaces.Count];
        _bytes = new long[Interfaces.Count];
        _maxFrameBytes = options.MaxFrameBytes;
    }

    public override string Kind => "packet-counter";

    protected override FrameDisposition OnFrame(int ingressInterface, Span<byte> frame, IFrameSink sink)
    {
        if (frame.Length < 14 || frame.Length > _maxFrameBytes)
        {
            _oversize++;
            return FrameDisposition.Dropped;
        }

        _frames[ingressInterface]++;
        _bytes[ingressInterface] += frame.Length;
        sink.Emit(Interfaces.Count == 2 ? 1 - ingressInterface : ingressInterface, frame);
        return FrameDisposition.Forwarded;
    }

    protected override void AddCounters(List<ApplianceCounter> counters)
    {
        for (int i = 0; i < _frames.Length; i++)
        {
            counters.Add(new($"frames:{Interfaces[i].Name}", _frames[i]));
            counters.Add(new($"bytes:{Interfaces[i].Name}", _bytes[i]));
        }

        counters.Add(new("dropped-size", _oversize));
    }
}
