namespace SdnCtl.Control.Network;

/// <summary>
/// The host changes since the last fold, appended by the control loop and never changed once
/// written: a snapshot holds a <see cref="HostLogSegment"/> (the chunks and a length), so the loop can
/// keep appending while readers read the records before that length from any thread.
/// </summary>
/// <remarks>
/// Chunked rather than one growing array so that appending never copies what readers may be
/// reading, and large (a chunk is past the large-object threshold) so that the garbage collector
/// never copies the records either; only the first chunk grows by copy while the log is small.
/// </remarks>
internal sealed class HostLog
{
    /// <summary>Records per full chunk (4096 × 56 B, on the large-object heap).</summary>
    public const int ChunkSize = 4096;
    private const int FirstChunkSize = 16;

    private HostRecord[][] _chunks = [new HostRecord[FirstChunkSize]];
    private int _count;

    public int Count => _count;

    public HostLogSegment Segment => new(_chunks, _count);

    public void Append(in HostRecord record)
    {
        int chunk = _count / ChunkSize, offset = _count % ChunkSize;
        if (chunk == _chunks.Length)
        {
            // A new directory: a reader's segment keeps the old one, which covers its length.
            HostRecord[][] chunks = new HostRecord[chunk + 1][];
            _chunks.CopyTo(chunks, 0);
            chunks[chunk] = new HostRecord[ChunkSize];
            Volatile.Write(ref _chunks, chunks);
        }
        else if (offset == _chunks[chunk].Length)
        {
            // Only the first chunk is short; readers of the old copy read only what it already held.
            HostRecord[] grown = new HostRecord[Math.Min(offset * 2, ChunkSize)];
            _chunks[chunk].CopyTo(grown, 0);
            Volatile.Write(ref _chunks[chunk], grown);
        }

        _chunks[chunk][offset] = record;
        _count++;
    }
}
