using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

public sealed partial class SwitchPipeline
{
    /// <summary>
    /// Applies a GROUP_MOD (spec 6.5, 7.3.4.2). Deleting a group removes the flow entries that
    /// forward to it (reason GROUP_DELETE). Returns null or the error to send.
    /// </summary>
    public OfpError? ApplyGroupMod(GroupMod mod)
    {
        ArgumentNullException.ThrowIfNull(mod);
        switch (mod.Command)
        {
            case GroupModCommand.Add:
                if (mod.GroupId > OfpConstants.GroupMax)
                {
                    return OfpError.GroupMod(GroupModFailedCode.InvalidGroup, $"group id 0x{mod.GroupId:x} is reserved");
                }

                if (_groups.ContainsKey(mod.GroupId))
                {
                    return OfpError.GroupMod(GroupModFailedCode.GroupExists, $"group {mod.GroupId} already exists");
                }

                if (_groups.Count >= Options.MaxGroups)
                {
                    return OfpError.GroupMod(GroupModFailedCode.OutOfGroups, "group table is full");
                }

                if (ValidateGroup(mod) is { } addError)
                {
                    return addError;
                }

                _groups.Add(mod.GroupId, new Group(mod.GroupId, mod.GroupType, mod.Buckets, Clock.GetTimestamp()));
                return null;

            case GroupModCommand.Modify:
                if (!_groups.TryGetValue(mod.GroupId, out var group))
                {
                    return OfpError.GroupMod(GroupModFailedCode.UnknownGroup, $"group {mod.GroupId} does not exist");
                }

                if (ValidateGroup(mod) is { } modError)
                {
                    return modError;
                }

                group.Set(mod.GroupType, mod.Buckets);
                return null;

            case GroupModCommand.Delete:
                return DeleteGroups(mod.GroupId);

            default:
                return OfpError.GroupMod(GroupModFailedCode.BadCommand, $"unknown group-mod command {(ushort)mod.Command}");
        }
    }

    /// <summary>
    /// Applies a METER_MOD (spec 5.7, 7.3.4.4). Deleting a meter removes the flow entries that use it.
    /// Returns null or the error to send.
    /// </summary>
    public OfpError? ApplyMeterMod(MeterMod mod)
    {
        ArgumentNullException.ThrowIfNull(mod);
        switch (mod.Command)
        {
            case MeterModCommand.Add:
            case MeterModCommand.Modify:
                if (mod.MeterId is 0 || mod.MeterId > OfpConstants.MeterMax)
                {
                    return OfpError.MeterMod(MeterModFailedCode.InvalidMeter, $"meter id 0x{mod.MeterId:x} is not a usable meter");
                }

                bool exists = _meters.TryGetValue(mod.MeterId, out var meter);
                if (mod.Command == MeterModCommand.Add && exists)
                {
                    return OfpError.MeterMod(MeterModFailedCode.MeterExists, $"meter {mod.MeterId} already exists");
                }

                if (mod.Command == MeterModCommand.Modify && !exists)
                {
                    return OfpError.MeterMod(MeterModFailedCode.UnknownMeter, $"meter {mod.MeterId} does not exist");
                }

                if (ValidateMeter(mod) is { } error)
                {
                    return error;
                }

                if (meter is null)
                {
                    if (_meters.Count >= Options.MaxMeters)
                    {
                        return OfpError.MeterMod(MeterModFailedCode.OutOfMeters, "meter table is full");
                    }

                    _meters.Add(mod.MeterId, new Meter(mod.MeterId, mod.Flags, mod.Bands, Clock.GetTimestamp()));
                }
                else
                {
                    meter.Set(mod.Flags, mod.Bands, Clock.GetTimestamp());
                }

                return null;

            case MeterModCommand.Delete:
                {
                    var ids = mod.MeterId == OfpConstants.MeterAll ? [.. _meters.Keys] : new List<uint> { mod.MeterId };
                    foreach (uint id in ids)
                    {
                        if (!_meters.Remove(id))
                        {
                            continue;
                        }

                        foreach (var e in AllEntries().Where(e => e.MeterId == id).ToList())
                        {
                            RemoveEntry(e, FlowRemovedReason.Delete);
                        }
                    }

                    return null;
                }

            default:
                return OfpError.MeterMod(MeterModFailedCode.BadCommand, $"unknown meter-mod command {(ushort)mod.Command}");
        }
    }

    /// <summary>Number of flow entries and groups forwarding to <paramref name="groupId"/> (group stats ref_count).</summary>
    public int GroupReferenceCount(uint groupId) =>
        AllEntries().Count(e => e.UsesGroup(groupId)) + _groups.Values.Count(g => g.ChainsTo(groupId));

    /// <summary>Number of flow entries using <paramref name="meterId"/> (meter stats flow_count).</summary>
    public int MeterFlowCount(uint meterId) => AllEntries().Count(e => e.MeterId == meterId);

    /// <summary>All flow entries of all tables.</summary>
    public IEnumerable<FlowEntry> AllEntries() => _tables.SelectMany(t => t.Entries);

    private OfpError? DeleteGroups(uint groupId)
    {
        List<uint> ids;
        if (groupId == OfpConstants.GroupAll)
        {
            ids = [.. _groups.Keys];
        }
        else
        {
            if (!_groups.ContainsKey(groupId))
            {
                return null; // Spec 6.5: deleting a missing group is not an error.
            }

            // A group another group forwards to cannot go while that chain exists.
            if (_groups.Values.FirstOrDefault(g => g.Id != groupId && g.ChainsTo(groupId)) is { } parent)
            {
                return OfpError.GroupMod(GroupModFailedCode.ChainedGroup, $"group {parent.Id} forwards to group {groupId}");
            }

            ids = [groupId];
        }

        foreach (uint id in ids)
        {
            _groups.Remove(id);
            foreach (var e in AllEntries().Where(e => e.UsesGroup(id)).ToList())
            {
                RemoveEntry(e, FlowRemovedReason.GroupDelete);
            }
        }

        return null;
    }

    private OfpError? ValidateGroup(GroupMod mod)
    {
        if (mod.GroupType is not (GroupType.All or GroupType.Select or GroupType.Indirect or GroupType.FastFailover))
        {
            return OfpError.GroupMod(GroupModFailedCode.BadType, $"unknown group type {(byte)mod.GroupType}");
        }

        if (mod.Buckets.Count > Options.MaxBuckets)
        {
            return OfpError.GroupMod(GroupModFailedCode.OutOfBuckets, $"{mod.Buckets.Count} buckets exceed the limit of {Options.MaxBuckets}");
        }

        if (mod.GroupType == GroupType.Indirect && mod.Buckets.Count != 1)
        {
            return OfpError.GroupMod(GroupModFailedCode.InvalidGroup, "an indirect group has exactly one bucket");
        }

        foreach (var b in mod.Buckets)
        {
            if (b.Weight != 0 && mod.GroupType != GroupType.Select)
            {
                return OfpError.GroupMod(GroupModFailedCode.WeightUnsupported, $"bucket weight {b.Weight} in a {mod.GroupType} group");
            }

            if (mod.GroupType == GroupType.FastFailover && !Group.Watches(b))
            {
                return OfpError.GroupMod(GroupModFailedCode.BadWatch, "a fast-failover bucket needs a watch port or watch group");
            }

            if (b.WatchPort != OfpPortNo.Any && !IsPhysical(b.WatchPort))
            {
                return OfpError.GroupMod(GroupModFailedCode.BadWatch, $"watch port 0x{b.WatchPort:x} is not a port");
            }

            if (b.WatchGroup != OfpConstants.GroupAny && (b.WatchGroup == mod.GroupId || !_groups.ContainsKey(b.WatchGroup)))
            {
                return OfpError.GroupMod(GroupModFailedCode.BadWatch, $"watch group {b.WatchGroup} does not exist");
            }

            foreach (var a in b.Actions)
            {
                if (a.Type == OfpActionType.Group)
                {
                    if (a.Argument == mod.GroupId || Reaches(a.Argument, mod.GroupId, 0))
                    {
                        return OfpError.GroupMod(GroupModFailedCode.Loop, $"group {mod.GroupId} -> group {a.Argument} makes a loop");
                    }

                    if (!_groups.ContainsKey(a.Argument))
                    {
                        return OfpError.GroupMod(GroupModFailedCode.UnknownGroup, $"bucket forwards to missing group {a.Argument}");
                    }
                }
            }

            if (ValidateActions(b.Actions.Where(a => a.Type != OfpActionType.Group).ToList(), packetOut: false) is { } e)
            {
                return e;
            }
        }

        return null;
    }

    // Whether group `from` forwards (transitively) to `to`.
    private bool Reaches(uint from, uint to, int depth)
    {
        if (depth > Options.MaxGroupDepth || !_groups.TryGetValue(from, out var g))
        {
            return depth > Options.MaxGroupDepth;
        }

        foreach (uint next in g.ChainedGroups)
        {
            if (next == to || Reaches(next, to, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private OfpError? ValidateMeter(MeterMod mod)
    {
        const MeterFlags known = MeterFlags.Kbps | MeterFlags.Pktps | MeterFlags.Burst | MeterFlags.Stats;
        if ((mod.Flags & ~known) != 0 || (mod.Flags & (MeterFlags.Kbps | MeterFlags.Pktps)) == (MeterFlags.Kbps | MeterFlags.Pktps))
        {
            return OfpError.MeterMod(MeterModFailedCode.BadFlags, $"meter flags {mod.Flags}");
        }

        if (mod.Bands.Count > Options.MaxBands)
        {
            return OfpError.MeterMod(MeterModFailedCode.OutOfBands, $"{mod.Bands.Count} bands exceed the limit of {Options.MaxBands}");
        }

        foreach (var b in mod.Bands)
        {
            if (b.Type is not (MeterBandType.Drop or MeterBandType.DscpRemark))
            {
                return OfpError.MeterMod(MeterModFailedCode.BadBand, $"band type {b.Type} is not supported");
            }

            if (b.Rate == 0)
            {
                return OfpError.MeterMod(MeterModFailedCode.BadRate, "band rate 0");
            }

            if ((mod.Flags & MeterFlags.Burst) != 0 && b.BurstSize == 0)
            {
                return OfpError.MeterMod(MeterModFailedCode.BadBurst, "OFPMF_BURST with burst size 0");
            }

            if (b.Type == MeterBandType.DscpRemark && b.PrecLevel is 0 or > 3)
            {
                return OfpError.MeterMod(MeterModFailedCode.BadBandValue, $"prec_level {b.PrecLevel}");
            }
        }

        return null;
    }
}
