using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One installed flow entry (spec 5.2): match, priority, counters, timeouts, cookie, flags and
/// instructions. The instructions are also kept pre-split (apply / write / goto ...) so that the
/// per-packet path never inspects instruction objects.
/// </summary>
public sealed class FlowEntry
{
    internal FlowEntry(byte tableId, ushort priority, in FlowMatch match, IReadOnlyList<OfpInstruction> instructions, long createdTimestamp)
    {
        TableId = tableId;
        Priority = priority;
        _match = match;
        CreatedTimestamp = createdTimestamp;
        LastUsedTimestamp = createdTimestamp;
        SetInstructions(instructions);
    }

    /// <summary>Table the entry is in.</summary>
    public byte TableId { get; }

    /// <summary>Priority (higher wins).</summary>
    public ushort Priority { get; }

    /// <summary>The compiled match; <see cref="FlowMatch.Fields"/> has the OXM form.</summary>
    public FlowMatch Match => _match;

    /// <summary>The match in place (no copy), for the classifier.</summary>
    internal ref readonly FlowMatch MatchRef => ref _match;

    /// <summary>Controller cookie.</summary>
    public ulong Cookie { get; internal set; }

    /// <summary>Idle timeout in seconds (0 = none).</summary>
    public ushort IdleTimeout { get; internal set; }

    /// <summary>Hard timeout in seconds (0 = none).</summary>
    public ushort HardTimeout { get; internal set; }

    /// <summary>OFPFF_* flags.</summary>
    public FlowModFlags Flags { get; internal set; }

    /// <summary>
    /// The instructions as installed, in the order they were given. Built on each access from the
    /// pre-split form below (a table of 100k+ entries should not keep four objects per entry for
    /// what only stats and traces read); callers own the returned list.
    /// </summary>
    public IReadOnlyList<OfpInstruction> Instructions => _instructions.Build();

    /// <summary>Packets matched.</summary>
    public ulong PacketCount { get; internal set; }

    /// <summary>Bytes matched.</summary>
    public ulong ByteCount { get; internal set; }

    /// <summary>When the entry was installed (or its counters reset), as a <see cref="TimeProvider"/> timestamp.</summary>
    public long CreatedTimestamp { get; internal set; }

    /// <summary>When a packet last matched, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long LastUsedTimestamp { get; internal set; }

    /// <summary>True once removed from its table.</summary>
    public bool IsRemoved { get; internal set; }

    /// <summary>OFPFF_SEND_FLOW_REM is set.</summary>
    public bool SendFlowRemoved => (Flags & FlowModFlags.SendFlowRem) != 0;

    // Pre-split instructions (spec 5.9). Null/negative = absent.
    internal uint MeterId => _instructions.MeterId;

    internal OfpAction[]? ApplyActions => _instructions.ApplyActions;

    internal bool ClearActions => _instructions.ClearActions;

    internal OfpAction[]? WriteActions => _instructions.WriteActions;

    internal bool HasWriteMetadata => _instructions.HasWriteMetadata;

    internal ulong Metadata => _instructions.Metadata;

    internal ulong MetadataMask => _instructions.MetadataMask;

    internal int GotoTable => _instructions.GotoTable;

    // Classifier bookkeeping.
    internal int Slot { get; set; } = -1;

    internal FlowEntry? NextInBucket { get; set; }

    internal int TableIndex { get; set; } = -1;

    private EntryInstructions _instructions = EntryInstructions.None;

    // Held inline: an entry and its match are one object (see FlowMatch).
    private FlowMatch _match;

    /// <summary>True when any instruction's action list contains <paramref name="predicate"/>.</summary>
    public bool HasAction(Func<OfpAction, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return (ApplyActions?.Any(predicate) ?? false) || (WriteActions?.Any(predicate) ?? false);
    }

    /// <summary>out_port filter (spec 7.3.4.2): an output action to <paramref name="port"/> in any instruction.</summary>
    public bool OutputsTo(uint port) => Contains(ApplyActions, OfpActionType.Output, port) || Contains(WriteActions, OfpActionType.Output, port);

    /// <summary>out_group filter: a group action to <paramref name="group"/>.</summary>
    public bool UsesGroup(uint group) => Contains(ApplyActions, OfpActionType.Group, group) || Contains(WriteActions, OfpActionType.Group, group);

    /// <inheritdoc/>
    public override string ToString() =>
        $"table={TableId} priority={Priority} cookie=0x{Cookie:x} match={Match} actions={string.Join(",", Instructions)}";

    private static bool Contains(OfpAction[]? actions, OfpActionType type, uint argument)
    {
        if (actions is null)
        {
            return false;
        }

        foreach (ref readonly var a in actions.AsSpan())
        {
            if (a.Type == type && a.Argument == argument)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces the instructions (FLOW_MOD modify keeps the counters).</summary>
    internal void SetInstructions(IReadOnlyList<OfpInstruction> instructions) =>
        // Only the pre-split form is kept (the caller's instruction objects may be reused by the
        // decoder for the next FLOW_MOD), shared with other entries that have the same.
        _instructions = EntryInstructions.From(instructions);

    /// <summary>Points the match at the subtable's shape object (see <see cref="FlowMatch.WithShape"/>).</summary>
    internal void ShareMatchShape(MatchShape shape) => _match = _match.WithShape(shape);
}
