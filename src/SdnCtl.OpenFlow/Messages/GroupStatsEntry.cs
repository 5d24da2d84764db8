using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One group's counters in an OFPMP_GROUP reply (spec 7.3.5.10, <c>struct ofp_group_stats</c>).</summary>
public sealed class GroupStatsEntry : IWireEntry<GroupStatsEntry>, IEquatable<GroupStatsEntry>
{
    /*
     * Spec 7.3.5.10
     * struct ofp_group_stats {
     *     uint16_t length;          0, including bucket stats
     *     uint8_t pad[2];           2
     *     uint32_t group_id;        4
     *     uint32_t ref_count;       8, flows or groups forwarding to it
     *     uint8_t pad2[4];          12
     *     uint64_t packet_count;    16
     *     uint64_t byte_count;      24
     *     uint32_t duration_sec;    32
     *     uint32_t duration_nsec;   36
     *     struct ofp_bucket_counter bucket_stats[0];  40, 16 bytes each
     * };                            40 bytes
     */

    private const int FixedSize = 40;
    private const int CounterSize = 16;

    /// <summary>Group id.</summary>
    public uint GroupId { get; set; }

    /// <summary>Flows or groups forwarding to this group.</summary>
    public uint RefCount { get; set; }

    /// <summary>Packets processed.</summary>
    public ulong PacketCount { get; set; }

    /// <summary>Bytes processed.</summary>
    public ulong ByteCount { get; set; }

    /// <summary>Seconds the group has been alive.</summary>
    public uint DurationSec { get; set; }

    /// <summary>Nanoseconds alive beyond <see cref="DurationSec"/>.</summary>
    public uint DurationNsec { get; set; }

    /// <summary>Per-bucket counters.</summary>
    public List<BucketCounter> BucketStats { get; set; } = [];

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => FixedSize + (CounterSize * BucketStats.Count);

    /// <inheritdoc/>
    int IWireEntry<GroupStatsEntry>.WriteEntry(Span<byte> dest)
    {
        int len = WireLength;
        var d = dest[..len];
        d[..FixedSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)len);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], GroupId);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], RefCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[16..], PacketCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[24..], ByteCount);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[36..], DurationNsec);
        int off = FixedSize;
        foreach (var c in BucketStats)
        {
            BinaryPrimitives.WriteUInt64BigEndian(d[off..], c.PacketCount);
            BinaryPrimitives.WriteUInt64BigEndian(d[(off + 8)..], c.ByteCount);
            off += CounterSize;
        }

        return len;
    }

    /// <inheritdoc/>
    static int IWireEntry<GroupStatsEntry>.ReadEntry(ReadOnlySpan<byte> src, out GroupStatsEntry entry)
    {
        int len = EntryList.VariableLength(src, 0, FixedSize, "ofp_group_stats");
        if ((len - FixedSize) % CounterSize != 0)
        {
            Wire.ThrowBadLen($"ofp_group_stats length {len} is not 40 + 16n");
        }

        entry = new GroupStatsEntry
        {
            GroupId = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
            RefCount = BinaryPrimitives.ReadUInt32BigEndian(src[8..]),
            PacketCount = BinaryPrimitives.ReadUInt64BigEndian(src[16..]),
            ByteCount = BinaryPrimitives.ReadUInt64BigEndian(src[24..]),
            DurationSec = BinaryPrimitives.ReadUInt32BigEndian(src[32..]),
            DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(src[36..]),
        };
        for (int off = FixedSize; off < len; off += CounterSize)
        {
            entry.BucketStats.Add(new BucketCounter(BinaryPrimitives.ReadUInt64BigEndian(src[off..]), BinaryPrimitives.ReadUInt64BigEndian(src[(off + 8)..])));
        }

        return len;
    }

    /// <inheritdoc/>
    public bool Equals(GroupStatsEntry? other) =>
        other is not null && other.GroupId == GroupId && other.RefCount == RefCount && other.PacketCount == PacketCount &&
        other.ByteCount == ByteCount && other.DurationSec == DurationSec && other.DurationNsec == DurationNsec &&
        Wire.ListEqual(other.BucketStats, BucketStats);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GroupStatsEntry);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GroupId, PacketCount, ByteCount, BucketStats.Count);
}
