using System.Runtime.InteropServices;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

public sealed partial class SwitchPipeline
{
    private const FlowModFlags KnownFlowModFlags =
        FlowModFlags.SendFlowRem | FlowModFlags.CheckOverlap | FlowModFlags.ResetCounts | FlowModFlags.NoPktCounts | FlowModFlags.NoBytCounts;

    private readonly List<(FlowTable Table, int Id)> _targets = [];

    /// <summary>
    /// Applies a FLOW_MOD (spec 6.4, 7.3.4.1). Returns null on success or the error to send.
    /// Deleted entries are reported through <see cref="FlowRemoved"/> with reason DELETE.
    /// </summary>
    public OfpError? ApplyFlowMod(FlowMod mod)
    {
        ArgumentNullException.ThrowIfNull(mod);
        if ((mod.Flags & ~KnownFlowModFlags) != 0)
        {
            return OfpError.FlowMod(FlowModFailedCode.BadFlags, $"unknown flow-mod flags 0x{(ushort)mod.Flags:x}");
        }

        return mod.Command switch
        {
            FlowModCommand.Add => AddFlow(mod),
            FlowModCommand.Modify or FlowModCommand.ModifyStrict => ModifyFlows(mod, mod.Command == FlowModCommand.ModifyStrict),
            FlowModCommand.Delete or FlowModCommand.DeleteStrict => DeleteFlows(mod, mod.Command == FlowModCommand.DeleteStrict),
            _ => OfpError.FlowMod(FlowModFailedCode.BadCommand, $"unknown flow-mod command {(byte)mod.Command}"),
        };
    }

    /// <summary>
    /// The entries selected by a stats request or a non-strict delete (spec 7.3.4.2): table (or
    /// OFPTT_ALL), match as a filter (entries equal or more specific), cookie under cookie_mask,
    /// out_port and out_group (OFPP_ANY / OFPG_ANY = no filter).
    /// </summary>
    public List<FlowEntry> SelectFlows(byte tableId, IReadOnlyList<OxmEntry> match, ulong cookie, ulong cookieMask, uint outPort, uint outGroup)
    {
        ArgumentNullException.ThrowIfNull(match);
        var ids = new List<(FlowTable Table, int Id)>();
        SelectIds(ids, tableId, match, cookie, cookieMask, outPort, outGroup);
        var selected = new List<FlowEntry>(ids.Count);
        foreach (var (table, id) in ids)
        {
            selected.Add(table.Handle(id));
        }

        return selected;
    }

    /// <summary>Validates a PACKET_OUT's actions (output:TABLE allowed here, unlike in flow entries).</summary>
    public OfpError? ValidatePacketOut(uint inPort, IReadOnlyList<OfpAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!IsPhysical(inPort) && inPort is not (OfpPortNo.Controller or OfpPortNo.Local))
        {
            return OfpError.BadRequest(BadRequestCode.BadPort, $"packet-out in_port 0x{inPort:x} is not a port, LOCAL or CONTROLLER");
        }

        return ValidateActions(actions, packetOut: true);
    }

    private IEnumerable<FlowTable> TablesFor(byte tableId) =>
        tableId == OfpConstants.TableAll ? _tables : tableId < _tables.Length ? [_tables[tableId]] : [];

    private void SelectIds(List<(FlowTable Table, int Id)> into, byte tableId, IReadOnlyList<OxmEntry> match, ulong cookie, ulong cookieMask, uint outPort, uint outGroup)
    {
        var filter = match.Count == 0 ? FlowMatch.Any : new FlowMatch([.. match]);
        foreach (var table in TablesFor(tableId))
        {
            foreach (int id in table.LiveIds)
            {
                if (Selected(table, id, cookie, cookieMask, outPort, outGroup) && (filter.IsEmpty || table.MatchOf(id).IsSubsetOf(filter)))
                {
                    into.Add((table, id));
                }
            }
        }
    }

    private static bool Selected(FlowTable table, int id, ulong cookie, ulong cookieMask, uint outPort, uint outGroup)
    {
        if (((table.Record(id).Cookie ^ cookie) & cookieMask) != 0)
        {
            return false;
        }

        if (outPort == OfpPortNo.Any && outGroup == OfpConstants.GroupAny)
        {
            return true;
        }

        var ins = table.InstructionsOf(id);
        return (outPort == OfpPortNo.Any || ins.OutputsTo(outPort)) && (outGroup == OfpConstants.GroupAny || ins.UsesGroup(outGroup));
    }

    private OfpError? AddFlow(FlowMod mod)
    {
        if (mod.TableId >= _tables.Length)
        {
            return OfpError.FlowMod(FlowModFailedCode.BadTableId, $"table {mod.TableId} does not exist (tables 0..{_tables.Length - 1})");
        }

        if (ValidateMatch(mod.Match) is { } matchError)
        {
            return matchError;
        }

        if (ValidateInstructions(mod.TableId, mod.Instructions) is { } insError)
        {
            return insError;
        }

        var match = new FlowMatch(CollectionsMarshal.AsSpan(mod.Match));
        return AddValidated(mod.TableId, match, mod.Priority, EntryInstructions.From(mod.Instructions), mod.Cookie, mod.IdleTimeout, mod.HardTimeout, mod.Flags);
    }

    /// <summary>
    /// The part of an ADD after decoding and validation, shared by <see cref="AddFlow"/> and the
    /// fast path straight from the wire (<see cref="TryAddFlowFromWire"/>): overlap, table full,
    /// replacement of an identical entry, insertion.
    /// </summary>
    private OfpError? AddValidated(byte tableId, in FlowMatch match, ushort priority, EntryInstructions instructions, ulong cookie, ushort idleTimeout, ushort hardTimeout, FlowModFlags flags)
    {
        var table = _tables[tableId];
        int existing = table.FindExactId(match, priority);
        if (existing < 0 && (flags & FlowModFlags.CheckOverlap) != 0 && table.FindOverlap(match, priority) is { } other)
        {
            return OfpError.FlowMod(FlowModFailedCode.Overlap, $"overlaps entry priority={other.Priority} match={other.Match}");
        }

        if (existing < 0 && table.Count >= Options.MaxEntriesPerTable)
        {
            return OfpError.FlowMod(FlowModFailedCode.TableFull, $"table {tableId} is full");
        }

        long now = Clock.GetTimestamp();
        ulong packets = 0;
        ulong bytes = 0;
        if (existing >= 0)
        {
            // Spec 6.4: an identical entry is replaced; its counters carry over unless RESET_COUNTS
            // (its duration restarts). No FLOW_REMOVED is sent for it.
            ref var old = ref table.Record(existing);
            if ((flags & FlowModFlags.ResetCounts) == 0)
            {
                packets = old.PacketCount;
                bytes = old.ByteCount;
            }

            if (IsTimed(table, existing))
            {
                _timedEntries.Remove(table.Handle(existing));
            }

            table.Remove(existing);
        }

        int id = table.Add(match, priority, instructions, now, cookie, idleTimeout, hardTimeout, flags);
        if (packets != 0 || bytes != 0)
        {
            ref var r = ref table.Record(id);
            r.PacketCount = packets;
            r.ByteCount = bytes;
        }

        InsertEntry(table, id);
        return null;
    }

    private OfpError? ModifyFlows(FlowMod mod, bool strict)
    {
        if (mod.TableId >= _tables.Length && mod.TableId != OfpConstants.TableAll)
        {
            return OfpError.FlowMod(FlowModFailedCode.BadTableId, $"table {mod.TableId} does not exist");
        }

        if (mod.TableId == OfpConstants.TableAll)
        {
            return OfpError.FlowMod(FlowModFailedCode.BadTableId, "modify needs a table id, not OFPTT_ALL");
        }

        if (ValidateMatch(mod.Match) is { } matchError)
        {
            return matchError;
        }

        if (ValidateInstructions(mod.TableId, mod.Instructions) is { } insError)
        {
            return insError;
        }

        // Spec 6.4: modify changes instructions only; cookie, timeouts and flags stay, and so do the
        // counters unless RESET_COUNTS. When nothing matches, nothing happens (1.3 does not add).
        var targets = Targets(mod, strict);
        if (targets.Count == 0)
        {
            return null;
        }

        var instructions = EntryInstructions.From(mod.Instructions);
        foreach (var (table, id) in targets)
        {
            table.SetInstructions(id, instructions);
            if ((mod.Flags & FlowModFlags.ResetCounts) != 0)
            {
                ref var r = ref table.Record(id);
                r.PacketCount = 0;
                r.ByteCount = 0;
            }
        }

        return null;
    }

    private OfpError? DeleteFlows(FlowMod mod, bool strict)
    {
        if (mod.TableId >= _tables.Length && mod.TableId != OfpConstants.TableAll)
        {
            return OfpError.FlowMod(FlowModFailedCode.BadTableId, $"table {mod.TableId} does not exist");
        }

        foreach (var (table, id) in Targets(mod, strict))
        {
            RemoveEntry(table, id, FlowRemovedReason.Delete);
        }

        return null;
    }

    /// <summary>
    /// The (table, id) pairs a modify/delete acts on, in one list reused across FLOW_MODs: strict
    /// ones arrive by the hundred thousand in bulk changes (the pipeline is single-threaded and
    /// callers finish with the list before the next FLOW_MOD).
    /// </summary>
    private List<(FlowTable Table, int Id)> Targets(FlowMod mod, bool strict)
    {
        var list = _targets;
        list.Clear();
        if (!strict)
        {
            SelectIds(list, mod.TableId, mod.Match, mod.Cookie, mod.CookieMask, mod.OutPort, mod.OutGroup);
            return list;
        }

        var match = new FlowMatch(CollectionsMarshal.AsSpan(mod.Match));
        if (mod.TableId != OfpConstants.TableAll)
        {
            AddStrict(_tables[mod.TableId]);
            return list;
        }

        foreach (var table in _tables)
        {
            AddStrict(table);
        }

        return list;

        void AddStrict(FlowTable table)
        {
            int id = table.FindExactId(match, mod.Priority);
            if (id >= 0 && Selected(table, id, mod.Cookie, mod.CookieMask, mod.OutPort, mod.OutGroup))
            {
                list.Add((table, id));
            }
        }
    }

    private static OfpError? ValidateMatch(List<OxmEntry> match)
    {
        if (!MatchPrerequisites.TryCheck(CollectionsMarshal.AsSpan(match), out var field, out var requirement))
        {
            return OfpError.BadMatch(BadMatchCode.BadPrereq, $"{field} requires {requirement}");
        }

        return ValidateMatchPorts(CollectionsMarshal.AsSpan(match));
    }

    private static OfpError? ValidateMatchPorts(ReadOnlySpan<OxmEntry> match)
    {
        foreach (ref readonly var e in match)
        {
            if (e.Field == OxmFieldId.InPort && !IsPhysical((uint)e.Value) && (uint)e.Value is not (OfpPortNo.Local or OfpPortNo.Controller))
            {
                return OfpError.BadMatch(BadMatchCode.BadValue, $"in_port 0x{(uint)e.Value:x} is not a valid ingress port");
            }
        }

        return null;
    }

    private OfpError? ValidateInstructions(byte tableId, List<OfpInstruction> instructions)
    {
        foreach (var ins in instructions)
        {
            switch (ins.Type)
            {
                case OfpInstructionType.GotoTable:
                    // Spec 5.1: goto_table may only go forward, and the last table has none.
                    if (ins.TableId <= tableId || ins.TableId >= _tables.Length)
                    {
                        return OfpError.BadInstruction(BadInstructionCode.BadTableId, $"goto_table {ins.TableId} from table {tableId}");
                    }

                    break;
                case OfpInstructionType.Meter:
                    if (!_meters.ContainsKey(ins.MeterId))
                    {
                        return OfpError.MeterMod(MeterModFailedCode.UnknownMeter, $"meter {ins.MeterId} does not exist");
                    }

                    break;
                case OfpInstructionType.ApplyActions:
                case OfpInstructionType.WriteActions:
                    if (ValidateActions(ins.Actions, packetOut: false) is { } e)
                    {
                        return e;
                    }

                    break;
                case OfpInstructionType.WriteMetadata:
                case OfpInstructionType.ClearActions:
                    break;
                case OfpInstructionType.Experimenter:
                    return OfpError.BadInstruction(BadInstructionCode.BadExperimenter, "experimenter instructions are not supported");
                default:
                    return OfpError.BadInstruction(BadInstructionCode.UnknownInst, $"unknown instruction {ins.Type}");
            }
        }

        return null;
    }

    private OfpError? ValidateActions(IReadOnlyList<OfpAction> actions, bool packetOut)
    {
        for (int i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            switch (a.Type)
            {
                case OfpActionType.Output:
                    if (a.Argument == OfpPortNo.Normal || (a.Argument == OfpPortNo.Table && !packetOut) || a.Argument is 0 or OfpPortNo.Any ||
                        (a.Argument > OfpPortNo.Max && a.Argument < OfpPortNo.InPort))
                    {
                        return OfpError.BadAction(BadActionCode.BadOutPort, $"output to port 0x{a.Argument:x} is not supported here");
                    }

                    break;
                case OfpActionType.Group:
                    if (!_groups.ContainsKey(a.Argument))
                    {
                        return OfpError.BadAction(BadActionCode.BadOutGroup, $"group {a.Argument} does not exist");
                    }

                    break;
                case OfpActionType.PushPbb:
                case OfpActionType.PopPbb:
                    return OfpError.BadAction(BadActionCode.BadType, "PBB push/pop is not supported by this switch");
                case OfpActionType.Experimenter:
                    return OfpError.BadAction(BadActionCode.BadExperimenter, "experimenter actions are not supported");
                case OfpActionType.SetField:
                    if (a.Field.Field is OxmFieldId.InPort or OxmFieldId.InPhyPort or OxmFieldId.Metadata or OxmFieldId.Ipv6Exthdr)
                    {
                        return OfpError.BadAction(BadActionCode.BadSetType, $"{a.Field.Field} cannot be set");
                    }

                    break;
                default:
                    break;
            }
        }

        return null;
    }
}
