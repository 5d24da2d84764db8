using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Reconciliation;

/// <summary>
/// Desired against actual: the one comparison of what a switch reported (multipart flow stats and
/// group descriptions) with what the controller wants there, used by every application that
/// reconciles a switch (static flows, tenant, intent and chain rules, intent groups). Pure: lists in,
/// the OpenFlow messages of the difference out.
/// </summary>
public static class FlowReconciliation
{
    /// <summary>
    /// Compares <paramref name="desired"/> (ADD flow-mods) with the flows a switch reported. A rule's
    /// identity is OpenFlow's: table, priority and match (in any field order, a full mask the same as
    /// none). Identical rules (same cookie, instructions, timeouts and flags) are kept; rules that
    /// differ are re-added; reported rules nothing wants are deleted strictly, by their own cookie.
    /// </summary>
    public static FlowDiff Diff(IEnumerable<FlowMod> desired, IEnumerable<FlowStatsEntry> actual)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(actual);
        var wanted = new Dictionary<string, FlowMod>(StringComparer.Ordinal);
        foreach (FlowMod mod in desired)
        {
            wanted[Convert.ToHexString(RuleKey(mod.TableId, mod.Priority, mod.Match))] = mod;
        }

        var diff = new FlowDiff();
        foreach (FlowStatsEntry entry in actual)
        {
            if (wanted.Remove(Convert.ToHexString(RuleKey(entry.TableId, entry.Priority, entry.Match)), out FlowMod? want))
            {
                if (Same(want, entry))
                {
                    diff.Kept++;
                }
                else
                {
                    diff.Drifted.Add(AddOf(want));
                }

                continue;
            }

            diff.Strays.Add(FlowMod.DeleteStrictOf(entry.TableId, entry.Priority, entry.Cookie, entry.Match));
        }

        diff.Missing.AddRange(wanted.Values.Select(AddOf));
        return diff;
    }

    /// <summary>
    /// Compares <paramref name="desired"/> (ADD group-mods) with the groups a switch reported. Groups of
    /// the same type and buckets are kept, others modified in place; reported groups nothing wants are
    /// deleted only when <paramref name="isOurs"/> says their id is in the controller's range, so groups
    /// an operator added with other ids are left alone.
    /// </summary>
    public static GroupDiff DiffGroups(IEnumerable<GroupMod> desired, IEnumerable<GroupDescEntry> actual, Func<uint, bool> isOurs)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(isOurs);
        var wanted = new Dictionary<uint, GroupMod>();
        foreach (GroupMod mod in desired)
        {
            wanted[mod.GroupId] = mod;
        }

        var diff = new GroupDiff();
        foreach (GroupDescEntry entry in actual)
        {
            if (wanted.Remove(entry.GroupId, out GroupMod? want))
            {
                if (want.GroupType == entry.GroupType && want.Buckets.SequenceEqual(entry.Buckets))
                {
                    diff.Kept++;
                }
                else
                {
                    diff.Drifted.Add(new GroupMod { Command = GroupModCommand.Modify, GroupType = want.GroupType, GroupId = want.GroupId, Buckets = [.. want.Buckets] });
                }
            }
            else if (isOurs(entry.GroupId))
            {
                diff.Strays.Add(new GroupMod { Command = GroupModCommand.Delete, GroupType = entry.GroupType, GroupId = entry.GroupId });
            }
        }

        foreach (GroupMod missing in wanted.Values.OrderBy(g => g.GroupId))
        {
            diff.Missing.Add(new GroupMod { Command = GroupModCommand.Add, GroupType = missing.GroupType, GroupId = missing.GroupId, Buckets = [.. missing.Buckets] });
        }

        return diff;
    }

    /// <summary>
    /// A rule's identity as bytes: table, priority and the match in field order, full masks dropped,
    /// so the same rule gives the same key however its match was listed or reported.
    /// </summary>
    public static byte[] RuleKey(byte table, ushort priority, IEnumerable<OxmEntry> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        OxmEntry[] sorted = [.. match.Select(Canonical).OrderBy(e => e.Field)];
        var key = new byte[3 + OxmCodec.MatchLength(sorted)];
        key[0] = table;
        key[1] = (byte)(priority >> 8);
        key[2] = (byte)priority;
        OxmCodec.WriteMatch(key.AsSpan(3), sorted);
        return key;
    }

    /// <summary>True when the switch's flow is exactly <paramref name="want"/> (its counters aside).</summary>
    public static bool Same(FlowMod want, FlowStatsEntry actual)
    {
        ArgumentNullException.ThrowIfNull(want);
        ArgumentNullException.ThrowIfNull(actual);
        return want.Cookie == actual.Cookie && want.IdleTimeout == actual.IdleTimeout && want.HardTimeout == actual.HardTimeout &&
            (want.Flags & ~FlowModFlags.ResetCounts) == (actual.Flags & ~FlowModFlags.ResetCounts) &&
            SameInstructions(want.Instructions, actual.Instructions);
    }

    // Each instruction type appears at most once in a rule (spec 7.2.4) and a switch may report them
    // in its own execution order, so they are compared by type, not by position.
    private static bool SameInstructions(List<OfpInstruction> a, List<OfpInstruction> b) =>
        a.Count == b.Count && a.OrderBy(i => i.Type).SequenceEqual(b.OrderBy(i => i.Type));

    // A fresh ADD: the desired rule may be the instance an application keeps (and sent before, with an
    // xid of another session), so what goes out is a copy that gets its own xid.
    private static FlowMod AddOf(FlowMod m) => new()
    {
        Command = FlowModCommand.Add,
        TableId = m.TableId,
        Priority = m.Priority,
        Cookie = m.Cookie,
        IdleTimeout = m.IdleTimeout,
        HardTimeout = m.HardTimeout,
        Flags = m.Flags,
        BufferId = m.BufferId,
        Match = [.. m.Match],
        Instructions = [.. m.Instructions],
    };

    private static OxmEntry Canonical(OxmEntry e) =>
        e.HasMask && e.Mask == OxmFields.FullMask(e.Field) ? new OxmEntry(e.Field, e.Value) : e;
}
