using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One table's counters in an OFPMP_TABLE reply (spec 7.3.5.4, <c>struct ofp_table_stats</c>).</summary>
public sealed record class TableStatsEntry : IWireEntry<TableStatsEntry>
{
    /*
     * Spec 7.3.5.4
     * struct ofp_table_stats {
     *     uint8_t table_id;      0
     *     uint8_t pad[3];        1
     *     uint32_t active_count; 4
     *     uint64_t lookup_count; 8
     *     uint64_t matched_count; 16
     * };                               24 bytes
     */

    /// <summary>sizeof(struct ofp_table_stats).</summary>
    public const int Size = 24;

    /// <summary>Table id.</summary>
    public byte TableId { get; set; }

    /// <summary>Active flow entries.</summary>
    public uint ActiveCount { get; set; }

    /// <summary>Packets looked up in the table.</summary>
    public ulong LookupCount { get; set; }

    /// <summary>Packets that hit the table.</summary>
    public ulong MatchedCount { get; set; }

    /// <inheritdoc/>
    int IWireEntry<TableStatsEntry>.WireLength => Size;

    /// <inheritdoc/>
    int IWireEntry<TableStatsEntry>.WriteEntry(Span<byte> dest)
    {
        var d = dest[..Size];
        d.Clear();
        d[0] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], ActiveCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], LookupCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[16..], MatchedCount);
        return Size;
    }

    /// <inheritdoc/>
    static int IWireEntry<TableStatsEntry>.ReadEntry(ReadOnlySpan<byte> src, out TableStatsEntry entry)
    {
        Wire.AtLeast(src, Size, "ofp_table_stats");
        entry = new TableStatsEntry
        {
            TableId = src[0],
            ActiveCount = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
            LookupCount = BinaryPrimitives.ReadUInt64BigEndian(src[8..]),
            MatchedCount = BinaryPrimitives.ReadUInt64BigEndian(src[16..]),
        };
        return Size;
    }
}
