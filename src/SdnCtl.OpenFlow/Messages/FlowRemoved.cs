using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_FLOW_REMOVED (spec 7.4.2): a flow entry with OFPFF_SEND_FLOW_REM was removed.</summary>
public sealed class FlowRemoved : OfpMessage
{
    /*
     * Spec 7.4.2
     * struct ofp_flow_removed {
     *     struct ofp_header header;
     *     uint64_t cookie;          offset 8
     *     uint16_t priority;        16
     *     uint8_t reason;           18, OFPRR_*
     *     uint8_t table_id;         19
     *     uint32_t duration_sec;    20
     *     uint32_t duration_nsec;   24
     *     uint16_t idle_timeout;    28
     *     uint16_t hard_timeout;    30
     *     uint64_t packet_count;    32
     *     uint64_t byte_count;      40
     *     struct ofp_match match;   48, variable, padded to 8; ends the message
     * };                            56 bytes with an empty match
     */

    private const int FixedSize = 40;

    /// <summary>Cookie of the removed flow.</summary>
    public ulong Cookie { get; set; }

    /// <summary>Priority of the removed flow.</summary>
    public ushort Priority { get; set; }

    /// <summary>Why it was removed.</summary>
    public FlowRemovedReason Reason { get; set; }

    /// <summary>Table it was in.</summary>
    public byte TableId { get; set; }

    /// <summary>Seconds the flow was alive.</summary>
    public uint DurationSec { get; set; }

    /// <summary>Nanoseconds alive beyond <see cref="DurationSec"/>.</summary>
    public uint DurationNsec { get; set; }

    /// <summary>Idle timeout of the flow.</summary>
    public ushort IdleTimeout { get; set; }

    /// <summary>Hard timeout of the flow.</summary>
    public ushort HardTimeout { get; set; }

    /// <summary>Packets matched.</summary>
    public ulong PacketCount { get; set; }

    /// <summary>Bytes matched.</summary>
    public ulong ByteCount { get; set; }

    /// <summary>Match of the removed flow.</summary>
    public List<OxmEntry> Match { get; set; } = [];

    /// <inheritdoc/>
    public override OfpType Type => OfpType.FlowRemoved;

    /// <inheritdoc/>
    protected override int BodyLength => FixedSize + OxmCodec.MatchLength(CollectionsMarshal.AsSpan(Match));

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64BigEndian(body, Cookie);
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], Priority);
        body[10] = (byte)Reason;
        body[11] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], DurationNsec);
        BinaryPrimitives.WriteUInt16BigEndian(body[20..], IdleTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(body[22..], HardTimeout);
        BinaryPrimitives.WriteUInt64BigEndian(body[24..], PacketCount);
        BinaryPrimitives.WriteUInt64BigEndian(body[32..], ByteCount);
        OxmCodec.WriteMatch(body[FixedSize..], CollectionsMarshal.AsSpan(Match));
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize + OfpConstants.EmptyMatchSize, "FLOW_REMOVED");
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(body);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
        Reason = (FlowRemovedReason)body[10];
        TableId = body[11];
        DurationSec = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
        DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[20..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[22..]);
        PacketCount = BinaryPrimitives.ReadUInt64BigEndian(body[24..]);
        ByteCount = BinaryPrimitives.ReadUInt64BigEndian(body[32..]);
        int end = FixedSize + OxmCodec.ReadMatch(body[FixedSize..], Match);
        if (end != body.Length)
        {
            Wire.ThrowBadLen($"FLOW_REMOVED has {body.Length - end} bytes after its match");
        }
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is FlowRemoved f && f.Cookie == Cookie && f.Priority == Priority && f.Reason == Reason && f.TableId == TableId &&
        f.DurationSec == DurationSec && f.DurationNsec == DurationNsec && f.IdleTimeout == IdleTimeout &&
        f.HardTimeout == HardTimeout && f.PacketCount == PacketCount && f.ByteCount == ByteCount && Wire.ListEqual(f.Match, Match);

    /// <inheritdoc/>
    public override string ToString() => $"FLOW_REMOVED xid={Xid} {Reason} cookie=0x{Cookie:x} table={TableId} priority={Priority}";
}
