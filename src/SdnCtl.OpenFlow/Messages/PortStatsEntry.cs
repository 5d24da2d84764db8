using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One port's counters in an OFPMP_PORT_STATS reply (spec 7.3.5.5, <c>struct ofp_port_stats</c>).</summary>
public sealed record class PortStatsEntry : IWireEntry<PortStatsEntry>
{
    /*
     * Spec 7.3.5.5
     * struct ofp_port_stats {
     *     uint32_t port_no;      0
     *     uint8_t pad[4];        4
     *     uint64_t rx_packets;   8
     *     uint64_t tx_packets;   16
     *     uint64_t rx_bytes;     24
     *     uint64_t tx_bytes;     32
     *     uint64_t rx_dropped;   40
     *     uint64_t tx_dropped;   48
     *     uint64_t rx_errors;    56
     *     uint64_t tx_errors;    64
     *     uint64_t rx_frame_err; 72
     *     uint64_t rx_over_err;  80
     *     uint64_t rx_crc_err;   88
     *     uint64_t collisions;   96
     *     uint32_t duration_sec; 104
     *     uint32_t duration_nsec; 108
     * };                               112 bytes
     */

    /// <summary>sizeof(struct ofp_port_stats).</summary>
    public const int Size = 112;

    /// <summary>Port number.</summary>
    public uint PortNo { get; set; }

    /// <summary>Received packets.</summary>
    public ulong RxPackets { get; set; }

    /// <summary>Transmitted packets.</summary>
    public ulong TxPackets { get; set; }

    /// <summary>Received bytes.</summary>
    public ulong RxBytes { get; set; }

    /// <summary>Transmitted bytes.</summary>
    public ulong TxBytes { get; set; }

    /// <summary>Packets dropped by RX.</summary>
    public ulong RxDropped { get; set; }

    /// <summary>Packets dropped by TX.</summary>
    public ulong TxDropped { get; set; }

    /// <summary>Receive errors.</summary>
    public ulong RxErrors { get; set; }

    /// <summary>Transmit errors.</summary>
    public ulong TxErrors { get; set; }

    /// <summary>Frame alignment errors.</summary>
    public ulong RxFrameErr { get; set; }

    /// <summary>Packets with RX overrun.</summary>
    public ulong RxOverErr { get; set; }

    /// <summary>CRC errors.</summary>
    public ulong RxCrcErr { get; set; }

    /// <summary>Collisions.</summary>
    public ulong Collisions { get; set; }

    /// <summary>Seconds the port has been alive.</summary>
    public uint DurationSec { get; set; }

    /// <summary>Nanoseconds alive beyond DurationSec.</summary>
    public uint DurationNsec { get; set; }

    /// <inheritdoc/>
    int IWireEntry<PortStatsEntry>.WireLength => Size;

    /// <inheritdoc/>
    int IWireEntry<PortStatsEntry>.WriteEntry(Span<byte> dest)
    {
        var d = dest[..Size];
        d.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d[0..], PortNo);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], RxPackets);
        BinaryPrimitives.WriteUInt64BigEndian(d[16..], TxPackets);
        BinaryPrimitives.WriteUInt64BigEndian(d[24..], RxBytes);
        BinaryPrimitives.WriteUInt64BigEndian(d[32..], TxBytes);
        BinaryPrimitives.WriteUInt64BigEndian(d[40..], RxDropped);
        BinaryPrimitives.WriteUInt64BigEndian(d[48..], TxDropped);
        BinaryPrimitives.WriteUInt64BigEndian(d[56..], RxErrors);
        BinaryPrimitives.WriteUInt64BigEndian(d[64..], TxErrors);
        BinaryPrimitives.WriteUInt64BigEndian(d[72..], RxFrameErr);
        BinaryPrimitives.WriteUInt64BigEndian(d[80..], RxOverErr);
        BinaryPrimitives.WriteUInt64BigEndian(d[88..], RxCrcErr);
        BinaryPrimitives.WriteUInt64BigEndian(d[96..], Collisions);
        BinaryPrimitives.WriteUInt32BigEndian(d[104..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[108..], DurationNsec);
        return Size;
    }

    /// <inheritdoc/>
    static int IWireEntry<PortStatsEntry>.ReadEntry(ReadOnlySpan<byte> src, out PortStatsEntry entry)
    {
        Wire.AtLeast(src, Size, "ofp_port_stats");
        entry = new PortStatsEntry
        {
            PortNo = BinaryPrimitives.ReadUInt32BigEndian(src[0..]),
            RxPackets = BinaryPrimitives.ReadUInt64BigEndian(src[8..]),
            TxPackets = BinaryPrimitives.ReadUInt64BigEndian(src[16..]),
            RxBytes = BinaryPrimitives.ReadUInt64BigEndian(src[24..]),
            TxBytes = BinaryPrimitives.ReadUInt64BigEndian(src[32..]),
            RxDropped = BinaryPrimitives.ReadUInt64BigEndian(src[40..]),
            TxDropped = BinaryPrimitives.ReadUInt64BigEndian(src[48..]),
            RxErrors = BinaryPrimitives.ReadUInt64BigEndian(src[56..]),
            TxErrors = BinaryPrimitives.ReadUInt64BigEndian(src[64..]),
            RxFrameErr = BinaryPrimitives.ReadUInt64BigEndian(src[72..]),
            RxOverErr = BinaryPrimitives.ReadUInt64BigEndian(src[80..]),
            RxCrcErr = BinaryPrimitives.ReadUInt64BigEndian(src[88..]),
            Collisions = BinaryPrimitives.ReadUInt64BigEndian(src[96..]),
            DurationSec = BinaryPrimitives.ReadUInt32BigEndian(src[104..]),
            DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(src[108..]),
        };
        return Size;
    }
}
