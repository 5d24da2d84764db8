using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One installed flow entry (spec 5.2): match, priority, counters, timeouts, cookie, flags and
/// instructions. A handle onto the entry's slot in its <see cref="FlowTable"/>'s struct-of-arrays
/// storage, made only when someone asks for the entry (stats, traces, tests), the same object for as
/// long as the entry lives; once the entry is removed the handle keeps a copy of its last state.
/// </summary>
public sealed class FlowEntry
{
    private FlowTable? _table;
    private int _id;
    private Removed? _removed;

    internal FlowEntry(FlowTable table, int id)
    {
        _table = table;
        _id = id;
        TableId = table.Id;
    }

    /// <summary>Table the entry is in.</summary>
    public byte TableId { get; }

    /// <summary>Priority (higher wins).</summary>
    public ushort Priority => Rec.Priority;

    /// <summary>The compiled match; <see cref="FlowMatch.Fields"/> has the OXM form.</summary>
    public FlowMatch Match => _table is null ? _removed!.Match : _table.MatchOf(_id);

    /// <summary>Controller cookie.</summary>
    public ulong Cookie
    {
        get => Rec.Cookie;
        internal set => Rec.Cookie = value;
    }

    /// <summary>Idle timeout in seconds (0 = none).</summary>
    public ushort IdleTimeout => Rec.IdleTimeout;

    /// <summary>Hard timeout in seconds (0 = none).</summary>
    public ushort HardTimeout => Rec.HardTimeout;

    /// <summary>OFPFF_* flags.</summary>
    public FlowModFlags Flags => Rec.Flags;

    /// <summary>
    /// The instructions as installed, in the order they were given. Built on each access from the
    /// pre-split form (a table of 100k+ entries should not keep four objects per entry for what only
    /// stats and traces read); callers own the returned list.
    /// </summary>
    public IReadOnlyList<OfpInstruction> Instructions => InstructionSet.Build();

    /// <summary>Packets matched.</summary>
    public ulong PacketCount
    {
        get => Rec.PacketCount;
        internal set => Rec.PacketCount = value;
    }

    /// <summary>Bytes matched.</summary>
    public ulong ByteCount
    {
        get => Rec.ByteCount;
        internal set => Rec.ByteCount = value;
    }

    /// <summary>When the entry was installed (or its counters reset), as a <see cref="TimeProvider"/> timestamp.</summary>
    public long CreatedTimestamp
    {
        get => Rec.CreatedTimestamp;
        internal set => Rec.CreatedTimestamp = value;
    }

    /// <summary>When a packet last matched, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long LastUsedTimestamp
    {
        get => Rec.LastUsedTimestamp;
        internal set => Rec.LastUsedTimestamp = value;
    }

    /// <summary>True once removed from its table.</summary>
    public bool IsRemoved => _table is null;

    /// <summary>OFPFF_SEND_FLOW_REM is set.</summary>
    public bool SendFlowRemoved => (Flags & FlowModFlags.SendFlowRem) != 0;

    // Pre-split instructions (spec 5.9). Null/negative = absent.
    internal uint MeterId => InstructionSet.MeterId;

    internal OfpAction[]? ApplyActions => InstructionSet.ApplyActions;

    internal OfpAction[]? WriteActions => InstructionSet.WriteActions;

    /// <summary>The entry's id in its table while it is installed.</summary>
    internal int Id => _id;

    private EntryInstructions InstructionSet => _table is null ? _removed!.Instructions : _table.InstructionsOf(_id);

    private ref EntryRecord Rec
    {
        get
        {
            if (_table is null)
            {
                return ref _removed!.Record;
            }

            return ref _table.Record(_id);
        }
    }

    /// <summary>True when any instruction's action list contains <paramref name="predicate"/>.</summary>
    public bool HasAction(Func<OfpAction, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return (ApplyActions?.Any(predicate) ?? false) || (WriteActions?.Any(predicate) ?? false);
    }

    /// <summary>out_port filter (spec 7.3.4.2): an output action to <paramref name="port"/> in any instruction.</summary>
    public bool OutputsTo(uint port) => InstructionSet.OutputsTo(port);

    /// <summary>out_group filter: a group action to <paramref name="group"/>.</summary>
    public bool UsesGroup(uint group) => InstructionSet.UsesGroup(group);

    /// <inheritdoc/>
    public override string ToString() =>
        $"table={TableId} priority={Priority} cookie=0x{Cookie:x} match={Match} actions={string.Join(",", Instructions)}";

    /// <summary>Called by the table as the entry leaves it: from now on the handle answers from this copy.</summary>
    internal void Detach(in EntryRecord record, EntryInstructions instructions, FlowMatch match)
    {
        _removed = new Removed { Record = record, Instructions = instructions, Match = match };
        _table = null;
        _id = -1;
    }

    // The entry's last state, kept apart so that a live handle stays small.
    private sealed class Removed
    {
        public EntryRecord Record;
        public required EntryInstructions Instructions { get; init; }
        public FlowMatch Match { get; init; }
    }
}
