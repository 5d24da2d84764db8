namespace SdnCtl.Control.Network;

/// <summary>The first <see cref="Count"/> records of a <see cref="HostLog"/>: immutable, readable from any thread.</summary>
internal readonly struct HostLogSegment(HostRecord[][] chunks, int count)
{
    public static HostLogSegment Empty { get; } = new([], 0);

    public int Count { get; } = count;

    public ref readonly HostRecord this[int index] =>
        ref (uint)index < (uint)Count
            ? ref Volatile.Read(ref chunks[index / HostLog.ChunkSize])[index % HostLog.ChunkSize]
            : ref Throw(index);

    private static ref readonly HostRecord Throw(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "past the segment");
}
