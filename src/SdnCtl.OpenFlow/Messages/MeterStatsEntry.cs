using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One meter's counters in an OFPMP_METER reply (spec 7.3.5.13, <c>struct ofp_meter_stats</c>).</summary>
public sealed class MeterStatsEntry : IWireEntry<MeterStatsEntry>, IEquatable<MeterStatsEntry>
{
    /*
     * Spec 7.3.5.13
     * struct ofp_meter_stats {
     *     uint32_t meter_id;          0
     *     uint16_t len;               4, including band stats
     *     uint8_t pad[6];             6
     *     uint32_t flow_count;        12
     *     uint64_t packet_in_count;   16
     *     uint64_t byte_in_count;     24
     *     uint32_t duration_sec;      32
     *     uint32_t duration_nsec;     36
     *     struct ofp_meter_band_stats band_stats[0];  40, 16 bytes each
     * };                              40 bytes
     */

    private const int FixedSize = 40;
    private const int BandStatsSize = 16;

    /// <summary>Meter id.</summary>
    public uint MeterId { get; set; }

    /// <summary>Flows bound to the meter.</summary>
    public uint FlowCount { get; set; }

    /// <summary>Packets entering the meter.</summary>
    public ulong PacketInCount { get; set; }

    /// <summary>Bytes entering the meter.</summary>
    public ulong ByteInCount { get; set; }

    /// <summary>Seconds the meter has been alive.</summary>
    public uint DurationSec { get; set; }

    /// <summary>Nanoseconds alive beyond <see cref="DurationSec"/>.</summary>
    public uint DurationNsec { get; set; }

    /// <summary>Per-band counters.</summary>
    public List<MeterBandStats> BandStats { get; set; } = [];

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => FixedSize + (BandStatsSize * BandStats.Count);

    /// <inheritdoc/>
    int IWireEntry<MeterStatsEntry>.WriteEntry(Span<byte> dest)
    {
        int len = WireLength;
        var d = dest[..len];
        d[..FixedSize].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d, MeterId);
        BinaryPrimitives.WriteUInt16BigEndian(d[4..], (ushort)len);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], FlowCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[16..], PacketInCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[24..], ByteInCount);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[36..], DurationNsec);
        int off = FixedSize;
        foreach (var b in BandStats)
        {
            BinaryPrimitives.WriteUInt64BigEndian(d[off..], b.PacketBandCount);
            BinaryPrimitives.WriteUInt64BigEndian(d[(off + 8)..], b.ByteBandCount);
            off += BandStatsSize;
        }

        return len;
    }

    /// <inheritdoc/>
    static int IWireEntry<MeterStatsEntry>.ReadEntry(ReadOnlySpan<byte> src, out MeterStatsEntry entry)
    {
        int len = EntryList.VariableLength(src, 4, FixedSize, "ofp_meter_stats");
        if ((len - FixedSize) % BandStatsSize != 0)
        {
            Wire.ThrowBadLen($"ofp_meter_stats length {len} is not 40 + 16n");
        }

        entry = new MeterStatsEntry
        {
            MeterId = BinaryPrimitives.ReadUInt32BigEndian(src),
            FlowCount = BinaryPrimitives.ReadUInt32BigEndian(src[12..]),
            PacketInCount = BinaryPrimitives.ReadUInt64BigEndian(src[16..]),
            ByteInCount = BinaryPrimitives.ReadUInt64BigEndian(src[24..]),
            DurationSec = BinaryPrimitives.ReadUInt32BigEndian(src[32..]),
            DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(src[36..]),
        };
        for (int off = FixedSize; off < len; off += BandStatsSize)
        {
            entry.BandStats.Add(new MeterBandStats(BinaryPrimitives.ReadUInt64BigEndian(src[off..]), BinaryPrimitives.ReadUInt64BigEndian(src[(off + 8)..])));
        }

        return len;
    }

    /// <inheritdoc/>
    public bool Equals(MeterStatsEntry? other) =>
        other is not null && other.MeterId == MeterId && other.FlowCount == FlowCount && other.PacketInCount == PacketInCount &&
        other.ByteInCount == ByteInCount && other.DurationSec == DurationSec && other.DurationNsec == DurationNsec &&
        Wire.ListEqual(other.BandStats, BandStats);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MeterStatsEntry);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MeterId, FlowCount, PacketInCount, BandStats.Count);
}
