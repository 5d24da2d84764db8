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
    internal FlowEntry(byte tableId, ushort priority, FlowMatch match, IReadOnlyList<OfpInstruction> instructions, long createdTimestamp)
    {
        TableId = tableId;
        Priority = priority;
        Match = match;
        CreatedTimestamp = createdTimestamp;
        LastUsedTimestamp = createdTimestamp;
        SetInstructions(instructions);
    }

    /// <summary>Table the entry is in.</summary>
    public byte TableId { get; }

    /// <summary>Priority (higher wins).</summary>
    public ushort Priority { get; }

    /// <summary>The compiled match; <see cref="FlowMatch.Fields"/> has the OXM form.</summary>
    public FlowMatch Match { get; }

    /// <summary>Controller cookie.</summary>
    public ulong Cookie { get; internal set; }

    /// <summary>Idle timeout in seconds (0 = none).</summary>
    public ushort IdleTimeout { get; internal set; }

    /// <summary>Hard timeout in seconds (0 = none).</summary>
    public ushort HardTimeout { get; internal set; }

    /// <summary>OFPFF_* flags.</summary>
    public FlowModFlags Flags { get; internal set; }

    /// <summary>The instructions as installed (a private copy; callers must not change them).</summary>
    public IReadOnlyList<OfpInstruction> Instructions { get; private set; } = [];

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
    internal uint MeterId { get; private set; }

    internal OfpAction[]? ApplyActions { get; private set; }

    internal bool ClearActions { get; private set; }

    internal OfpAction[]? WriteActions { get; private set; }

    internal bool HasWriteMetadata { get; private set; }

    internal ulong Metadata { get; private set; }

    internal ulong MetadataMask { get; private set; }

    internal int GotoTable { get; private set; } = -1;

    // Classifier bookkeeping.
    internal int Slot { get; set; } = -1;

    internal FlowEntry? NextInBucket { get; set; }

    internal int TableIndex { get; set; } = -1;

    /// <summary>True when any instruction's action list contains <paramref name="predicate"/>.</summary>
    public bool HasAction(Func<OfpAction, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return (ApplyActions?.Any(predicate) ?? false) || (WriteActions?.Any(predicate) ?? false);
    }

    /// <summary>out_port filter (spec 7.3.4.2): an output action to <paramref name="port"/> in any instruction.</summary>
    public bool OutputsTo(uint port) => HasAction(a => a.Type == OfpActionType.Output && a.Argument == port);

    /// <summary>out_group filter: a group action to <paramref name="group"/>.</summary>
    public bool UsesGroup(uint group) => HasAction(a => a.Type == OfpActionType.Group && a.Argument == group);

    /// <inheritdoc/>
    public override string ToString() =>
        $"table={TableId} priority={Priority} cookie=0x{Cookie:x} match={Match} actions={string.Join(",", Instructions)}";

    /// <summary>Replaces the instructions (FLOW_MOD modify keeps the counters).</summary>
    internal void SetInstructions(IReadOnlyList<OfpInstruction> instructions)
    {
        var copy = new List<OfpInstruction>(instructions.Count);
        MeterId = 0;
        ApplyActions = null;
        ClearActions = false;
        WriteActions = null;
        HasWriteMetadata = false;
        GotoTable = -1;
        foreach (var ins in instructions)
        {
            var c = new OfpInstruction(ins.Type)
            {
                TableId = ins.TableId,
                Metadata = ins.Metadata,
                MetadataMask = ins.MetadataMask,
                MeterId = ins.MeterId,
                ExperimenterId = ins.ExperimenterId,
                ExperimenterData = ins.ExperimenterData,
            };
            c.Actions.AddRange(ins.Actions);
            copy.Add(c);
            switch (ins.Type)
            {
                case OfpInstructionType.Meter: MeterId = ins.MeterId; break;
                case OfpInstructionType.ApplyActions: ApplyActions = [.. ins.Actions]; break;
                case OfpInstructionType.ClearActions: ClearActions = true; break;
                case OfpInstructionType.WriteActions: WriteActions = [.. ins.Actions]; break;
                case OfpInstructionType.WriteMetadata:
                    HasWriteMetadata = true;
                    Metadata = ins.Metadata;
                    MetadataMask = ins.MetadataMask;
                    break;
                case OfpInstructionType.GotoTable: GotoTable = ins.TableId; break;
                default: break;
            }
        }

        Instructions = copy;
    }
}
