using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// OFPT_FLOW_MOD (spec 7.3.4.1): adds, modifies or deletes flow entries. Encoding allocates
/// nothing; decoding into an existing instance (<see cref="OfpCodec.DecodeInto(ReadOnlySpan{byte}, FlowMod)"/>)
/// reuses its match list, instruction objects and their action lists.
/// </summary>
public sealed class FlowMod : OfpMessage
{
    /// <summary>
    /// A DELETE_STRICT for exactly one rule, as a switch reported it (flow stats, flow removed): same
    /// table, priority, cookie (fully masked) and match.
    /// </summary>
    public static FlowMod DeleteStrictOf(byte tableId, ushort priority, ulong cookie, IEnumerable<OxmEntry> match) => new()
    {
        Command = FlowModCommand.DeleteStrict,
        TableId = tableId,
        Priority = priority,
        Cookie = cookie,
        CookieMask = ulong.MaxValue,
        Match = [.. match],
    };

    /*
     * Spec 7.3.4.1
     * struct ofp_flow_mod {
     *     struct ofp_header header;
     *     uint64_t cookie;          offset 8
     *     uint64_t cookie_mask;     16, for modify/delete: cookie bits that must match
     *     uint8_t table_id;         24
     *     uint8_t command;          25, OFPFC_*
     *     uint16_t idle_timeout;    26
     *     uint16_t hard_timeout;    28
     *     uint16_t priority;        30
     *     uint32_t buffer_id;       32, OFP_NO_BUFFER or a buffered packet to apply the flow to
     *     uint32_t out_port;        36, delete/modify filter, OFPP_ANY = no filter
     *     uint32_t out_group;       40, delete/modify filter, OFPG_ANY = no filter
     *     uint16_t flags;           44, OFPFF_*
     *     uint8_t pad[2];           46
     *     struct ofp_match match;   48, variable, padded to 8
     *     // struct ofp_instruction instructions[0];  the rest of the message
     * };                            56 bytes with an empty match
     */

    private const int FixedSize = OfpConstants.FlowModSize - OfpConstants.HeaderSize - OfpConstants.EmptyMatchSize;
    private const ushort KnownFlags = 0x1f;

    /// <summary>Opaque controller-issued identifier.</summary>
    public ulong Cookie { get; set; }

    /// <summary>For modify/delete: the cookie bits that must match; 0 = no restriction.</summary>
    public ulong CookieMask { get; set; }

    /// <summary>Table id (OFPTT_ALL allowed for deletes).</summary>
    public byte TableId { get; set; }

    /// <summary>Add, modify or delete.</summary>
    public FlowModCommand Command { get; set; }

    /// <summary>Idle timeout in seconds; 0 = none.</summary>
    public ushort IdleTimeout { get; set; }

    /// <summary>Hard timeout in seconds; 0 = none.</summary>
    public ushort HardTimeout { get; set; }

    /// <summary>Priority; higher wins.</summary>
    public ushort Priority { get; set; } = OfpConstants.DefaultPriority;

    /// <summary>Buffered packet to apply the flow to, or OFP_NO_BUFFER.</summary>
    public uint BufferId { get; set; } = OfpConstants.NoBuffer;

    /// <summary>For delete: only flows outputting to this port; OFPP_ANY = any.</summary>
    public uint OutPort { get; set; } = OfpPortNo.Any;

    /// <summary>For delete: only flows outputting to this group; OFPG_ANY = any.</summary>
    public uint OutGroup { get; set; } = OfpConstants.GroupAny;

    /// <summary>Flow flags.</summary>
    public FlowModFlags Flags { get; set; }

    /// <summary>Match fields; empty = match everything.</summary>
    public List<OxmEntry> Match { get; set; } = [];

    /// <summary>Instructions; empty = drop.</summary>
    public List<OfpInstruction> Instructions { get; set; } = [];

    /// <inheritdoc/>
    public override OfpType Type => OfpType.FlowMod;

    /// <inheritdoc/>
    protected override int BodyLength =>
        FixedSize + OxmCodec.MatchLength(CollectionsMarshal.AsSpan(Match)) + InstructionCodec.Length(CollectionsMarshal.AsSpan(Instructions));

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64BigEndian(body, Cookie);
        BinaryPrimitives.WriteUInt64BigEndian(body[8..], CookieMask);
        body[16] = TableId;
        body[17] = (byte)Command;
        BinaryPrimitives.WriteUInt16BigEndian(body[18..], IdleTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(body[20..], HardTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(body[22..], Priority);
        BinaryPrimitives.WriteUInt32BigEndian(body[24..], BufferId);
        BinaryPrimitives.WriteUInt32BigEndian(body[28..], OutPort);
        BinaryPrimitives.WriteUInt32BigEndian(body[32..], OutGroup);
        BinaryPrimitives.WriteUInt16BigEndian(body[36..], (ushort)Flags);
        body[38] = 0;
        body[39] = 0;
        int off = FixedSize + OxmCodec.WriteMatch(body[FixedSize..], CollectionsMarshal.AsSpan(Match));
        InstructionCodec.Write(body[off..], CollectionsMarshal.AsSpan(Instructions));
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize + OfpConstants.EmptyMatchSize, "FLOW_MOD");
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(body);
        CookieMask = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
        TableId = body[16];
        byte command = body[17];
        if (command > (byte)FlowModCommand.DeleteStrict)
        {
            OfpProtocolException.Throw(OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.BadCommand, $"unknown FLOW_MOD command {command}");
        }

        Command = (FlowModCommand)command;
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[18..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[20..]);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(body[22..]);
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body[24..]);
        OutPort = BinaryPrimitives.ReadUInt32BigEndian(body[28..]);
        OutGroup = BinaryPrimitives.ReadUInt32BigEndian(body[32..]);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(body[36..]);
        if ((flags & ~KnownFlags) != 0)
        {
            OfpProtocolException.Throw(OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.BadFlags, $"FLOW_MOD flags 0x{flags:x4} has unknown bits");
        }

        Flags = (FlowModFlags)flags;
        int off = FixedSize + OxmCodec.ReadMatch(body[FixedSize..], Match);
        InstructionCodec.ReadList(body[off..], Instructions);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is FlowMod f && f.Cookie == Cookie && f.CookieMask == CookieMask && f.TableId == TableId && f.Command == Command &&
        f.IdleTimeout == IdleTimeout && f.HardTimeout == HardTimeout && f.Priority == Priority && f.BufferId == BufferId &&
        f.OutPort == OutPort && f.OutGroup == OutGroup && f.Flags == Flags && Wire.ListEqual(f.Match, Match) &&
        Wire.ListEqual(f.Instructions, Instructions);

    /// <inheritdoc/>
    public override string ToString() =>
        $"FLOW_MOD xid={Xid} {Command} table={TableId} priority={Priority} cookie=0x{Cookie:x} match=[{string.Join(',', Match)}] instructions=[{string.Join(',', Instructions)}]";
}
