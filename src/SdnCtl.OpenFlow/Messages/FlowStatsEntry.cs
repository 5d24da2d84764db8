using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One flow in an OFPMP_FLOW reply (spec 7.3.5.2, <c>struct ofp_flow_stats</c>).</summary>
public sealed class FlowStatsEntry : IWireEntry<FlowStatsEntry>, IEquatable<FlowStatsEntry>
{
    /*
     * Spec 7.3.5.2
     * struct ofp_flow_stats {
     *     uint16_t length;          0, including match and instructions
     *     uint8_t table_id;         2
     *     uint8_t pad;              3
     *     uint32_t duration_sec;    4
     *     uint32_t duration_nsec;   8
     *     uint16_t priority;        12
     *     uint16_t idle_timeout;    14
     *     uint16_t hard_timeout;    16
     *     uint16_t flags;           18, OFPFF_*
     *     uint8_t pad2[4];          20
     *     uint64_t cookie;          24
     *     uint64_t packet_count;    32
     *     uint64_t byte_count;      40
     *     struct ofp_match match;   48, variable, padded to 8
     *     // struct ofp_instruction instructions[0];
     * };                            56 bytes with an empty match
     */

    private const int FixedSize = 48;

    /// <summary>Table the flow is in.</summary>
    public byte TableId { get; set; }

    /// <summary>Seconds the flow has been alive.</summary>
    public uint DurationSec { get; set; }

    /// <summary>Nanoseconds alive beyond <see cref="DurationSec"/>.</summary>
    public uint DurationNsec { get; set; }

    /// <summary>Priority.</summary>
    public ushort Priority { get; set; }

    /// <summary>Idle timeout.</summary>
    public ushort IdleTimeout { get; set; }

    /// <summary>Hard timeout.</summary>
    public ushort HardTimeout { get; set; }

    /// <summary>Flow flags.</summary>
    public FlowModFlags Flags { get; set; }

    /// <summary>Cookie.</summary>
    public ulong Cookie { get; set; }

    /// <summary>Packets matched.</summary>
    public ulong PacketCount { get; set; }

    /// <summary>Bytes matched.</summary>
    public ulong ByteCount { get; set; }

    /// <summary>Match.</summary>
    public List<OxmEntry> Match { get; set; } = [];

    /// <summary>Instructions.</summary>
    public List<OfpInstruction> Instructions { get; set; } = [];

    /// <summary>The entry's length field: bytes on the wire including match and instructions.</summary>
    public int WireLength => FixedSize + OxmCodec.MatchLength(CollectionsMarshal.AsSpan(Match)) + InstructionCodec.Length(Instructions);

    /// <inheritdoc/>
    int IWireEntry<FlowStatsEntry>.WriteEntry(Span<byte> dest)
    {
        int len = WireLength;
        var d = dest[..len];
        d[..FixedSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)len);
        d[2] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], DurationNsec);
        BinaryPrimitives.WriteUInt16BigEndian(d[12..], Priority);
        BinaryPrimitives.WriteUInt16BigEndian(d[14..], IdleTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(d[16..], HardTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(d[18..], (ushort)Flags);
        BinaryPrimitives.WriteUInt64BigEndian(d[24..], Cookie);
        BinaryPrimitives.WriteUInt64BigEndian(d[32..], PacketCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[40..], ByteCount);
        int off = FixedSize + OxmCodec.WriteMatch(d[FixedSize..], CollectionsMarshal.AsSpan(Match));
        InstructionCodec.Write(d[off..], Instructions);
        return len;
    }

    /// <inheritdoc/>
    static int IWireEntry<FlowStatsEntry>.ReadEntry(ReadOnlySpan<byte> src, out FlowStatsEntry entry)
    {
        int len = EntryList.VariableLength(src, 0, FixedSize + OfpConstants.EmptyMatchSize, "ofp_flow_stats");
        var s = src[..len];
        entry = new FlowStatsEntry
        {
            TableId = s[2],
            DurationSec = BinaryPrimitives.ReadUInt32BigEndian(s[4..]),
            DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(s[8..]),
            Priority = BinaryPrimitives.ReadUInt16BigEndian(s[12..]),
            IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(s[14..]),
            HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(s[16..]),
            Flags = (FlowModFlags)BinaryPrimitives.ReadUInt16BigEndian(s[18..]),
            Cookie = BinaryPrimitives.ReadUInt64BigEndian(s[24..]),
            PacketCount = BinaryPrimitives.ReadUInt64BigEndian(s[32..]),
            ByteCount = BinaryPrimitives.ReadUInt64BigEndian(s[40..]),
        };
        int off = FixedSize + OxmCodec.ReadMatch(s[FixedSize..], entry.Match);
        InstructionCodec.ReadList(s[off..], entry.Instructions);
        return len;
    }

    /// <inheritdoc/>
    public bool Equals(FlowStatsEntry? other) =>
        other is not null && other.TableId == TableId && other.DurationSec == DurationSec && other.DurationNsec == DurationNsec &&
        other.Priority == Priority && other.IdleTimeout == IdleTimeout && other.HardTimeout == HardTimeout && other.Flags == Flags &&
        other.Cookie == Cookie && other.PacketCount == PacketCount && other.ByteCount == ByteCount &&
        Wire.ListEqual(other.Match, Match) && Wire.ListEqual(other.Instructions, Instructions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FlowStatsEntry);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TableId, Priority, Cookie, PacketCount, Match.Count);

    /// <inheritdoc/>
    public override string ToString() =>
        $"table={TableId} priority={Priority} cookie=0x{Cookie:x} packets={PacketCount} bytes={ByteCount} match=[{string.Join(',', Match)}] instructions=[{string.Join(',', Instructions)}]";
}
