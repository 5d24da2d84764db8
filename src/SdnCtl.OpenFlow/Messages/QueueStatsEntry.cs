using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One queue's counters in an OFPMP_QUEUE reply (spec 7.3.5.6, <c>struct ofp_queue_stats</c>).</summary>
public sealed record class QueueStatsEntry : IWireEntry<QueueStatsEntry>
{
    /*
     * Spec 7.3.5.6
     * struct ofp_queue_stats {
     *     uint32_t port_no;      0
     *     uint32_t queue_id;     4
     *     uint64_t tx_bytes;     8
     *     uint64_t tx_packets;   16
     *     uint64_t tx_errors;    24
     *     uint32_t duration_sec; 32
     *     uint32_t duration_nsec; 36
     * };                               40 bytes
     */

    /// <summary>sizeof(struct ofp_queue_stats).</summary>
    public const int Size = 40;

    /// <summary>Port number.</summary>
    public uint PortNo { get; set; }

    /// <summary>Queue id.</summary>
    public uint QueueId { get; set; }

    /// <summary>Transmitted bytes.</summary>
    public ulong TxBytes { get; set; }

    /// <summary>Transmitted packets.</summary>
    public ulong TxPackets { get; set; }

    /// <summary>Packets dropped for overrun.</summary>
    public ulong TxErrors { get; set; }

    /// <summary>Seconds the queue has been installed.</summary>
    public uint DurationSec { get; set; }

    /// <summary>Nanoseconds beyond DurationSec.</summary>
    public uint DurationNsec { get; set; }

    /// <inheritdoc/>
    int IWireEntry<QueueStatsEntry>.WireLength => Size;

    /// <inheritdoc/>
    int IWireEntry<QueueStatsEntry>.WriteEntry(Span<byte> dest)
    {
        var d = dest[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d[0..], PortNo);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], QueueId);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], TxBytes);
        BinaryPrimitives.WriteUInt64BigEndian(d[16..], TxPackets);
        BinaryPrimitives.WriteUInt64BigEndian(d[24..], TxErrors);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[36..], DurationNsec);
        return Size;
    }

    /// <inheritdoc/>
    static int IWireEntry<QueueStatsEntry>.ReadEntry(ReadOnlySpan<byte> src, out QueueStatsEntry entry)
    {
        Wire.AtLeast(src, Size, "ofp_queue_stats");
        entry = new QueueStatsEntry
        {
            PortNo = BinaryPrimitives.ReadUInt32BigEndian(src[0..]),
            QueueId = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
            TxBytes = BinaryPrimitives.ReadUInt64BigEndian(src[8..]),
            TxPackets = BinaryPrimitives.ReadUInt64BigEndian(src[16..]),
            TxErrors = BinaryPrimitives.ReadUInt64BigEndian(src[24..]),
            DurationSec = BinaryPrimitives.ReadUInt32BigEndian(src[32..]),
            DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(src[36..]),
        };
        return Size;
    }
}
