using System.Diagnostics;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Intents;

/// <summary>
/// Turns routed intents into OpenFlow: pure, no state, so it is tested on its own.
/// </summary>
/// <remarks>
/// Every switch of a direction's primary path gets one rule: in_port (the link the traffic comes in
/// on) plus the intent's match, output to the next link. Rules match in_port so that a switch both
/// paths cross tells primary from backup traffic, which a link-disjoint pair always lets it do: the
/// two paths never arrive over the same link.
/// <para>
/// Protection: wherever the backup also passes a primary switch and leaves it by another port (the
/// ingress switch always; any switch where the paths meet again), the primary rule outputs to a
/// fast-failover group instead: bucket 1 watches and outputs to the primary port, bucket 2 to the
/// backup's. The backup's own switches get in_port rules along the backup. So a primary port that
/// goes down at such a switch moves traffic onto the backup in the data plane, before the
/// controller hears of it; a link lost between two such switches blackholes until the controller
/// recomputes (the switch before it cannot know).
/// </para>
/// </remarks>
internal static class IntentCompiler
{
    /// <summary>Compiles every direction of intent <paramref name="intentId"/>.</summary>
    /// <param name="intentId">The intent, whose cookie the rules carry.</param>
    /// <param name="table">The table the rules go into.</param>
    /// <param name="priority">The rules' priority.</param>
    /// <param name="directions">Each direction, routed.</param>
    /// <param name="groupIdFor">The group id for a direction's group on a switch (the caller keeps ids stable per intent, direction and switch).</param>
    public static CompiledIntent Compile(long intentId, byte table, ushort priority, IReadOnlyList<DirectionPlan> directions, Func<int, ulong, uint> groupIdFor)
    {
        ulong cookie = IntentCookies.Of(intentId);
        var compiled = new CompiledIntent();
        for (int d = 0; d < directions.Count; d++)
        {
            DirectionPlan plan = directions[d];
            List<(ulong Dpid, uint In, uint Out)> primary = Hops(plan.Ingress, plan.Egress, plan.Primary);
            List<(ulong Dpid, uint In, uint Out)> backup = plan.Backup is null ? [] : Hops(plan.Ingress, plan.Egress, plan.Backup);
            var backupOut = new Dictionary<ulong, uint>(backup.Count);
            foreach (var hop in backup)
            {
                backupOut[hop.Dpid] = hop.Out;
            }

            var failover = new List<ulong>();
            foreach (var (dpid, inPort, outPort) in primary)
            {
                // A backup that leaves by the primary's in-port would need OFPP_IN_PORT; it cannot
                // happen with a directed link-disjoint pair on symmetric links, but stay safe.
                if (backupOut.TryGetValue(dpid, out uint alternative) && alternative != outPort && alternative != inPort)
                {
                    uint groupId = groupIdFor(d, dpid);
                    compiled.Groups[(dpid, groupId)] = new GroupMod
                    {
                        Command = GroupModCommand.Add,
                        GroupType = GroupType.FastFailover,
                        GroupId = groupId,
                        Buckets =
                        [
                            new OfpBucket { WatchPort = outPort, Actions = [OfpAction.Output(outPort)] },
                            new OfpBucket { WatchPort = alternative, Actions = [OfpAction.Output(alternative)] },
                        ],
                    };
                    Add(compiled, dpid, Rule(table, priority, cookie, inPort, plan.Match, OfpAction.Group(groupId)));
                    failover.Add(dpid);
                }
                else
                {
                    Add(compiled, dpid, Rule(table, priority, cookie, inPort, plan.Match, OfpAction.Output(outPort)));
                }
            }

            // The ingress switch's backup hop is the group's second bucket; the rest need their own rules.
            for (int i = 1; i < backup.Count; i++)
            {
                var (dpid, inPort, outPort) = backup[i];
                Add(compiled, dpid, Rule(table, priority, cookie, inPort, plan.Match, OfpAction.Output(outPort)));
            }

            compiled.FailoverSwitches.Add(failover);
        }

        return compiled;
    }

    /// <summary>A rule's match written as its key.</summary>
    public static string MatchText(IReadOnlyList<OxmEntry> match) => string.Join(',', match);

    /// <summary>Each switch of the path with the port traffic enters and the port it leaves by.</summary>
    internal static List<(ulong Dpid, uint In, uint Out)> Hops(SwitchPort ingress, SwitchPort egress, NetworkPath path)
    {
        Debug.Assert(path.SourceDpid == ingress.DatapathId && path.DestinationDpid == egress.DatapathId, "the path must join the endpoints");
        var hops = new List<(ulong, uint, uint)>(path.Links.Length + 1);
        ulong at = ingress.DatapathId;
        uint inPort = ingress.PortNo;
        foreach (LinkInfo link in path.Links)
        {
            hops.Add((at, inPort, link.Source.PortNo));
            at = link.Destination.DatapathId;
            inPort = link.Destination.PortNo;
        }

        hops.Add((at, inPort, egress.PortNo));
        return hops;
    }

    /// <summary>The rule every intent and chain hop installs: <c>in_port</c> plus the traffic's match, then one action.</summary>
    internal static FlowMod Rule(byte table, ushort priority, ulong cookie, uint inPort, IReadOnlyList<OxmEntry> match, OfpAction action)
    {
        var entries = new List<OxmEntry>(match.Count + 1) { OxmEntry.InPort(inPort) };
        entries.AddRange(match);
        return new FlowMod
        {
            Command = FlowModCommand.Add,
            TableId = table,
            Priority = priority,
            Cookie = cookie,
            Match = entries,
            Instructions = [OfpInstruction.ApplyActions(action)],
        };
    }

    private static void Add(CompiledIntent compiled, ulong dpid, FlowMod rule)
    {
        // A direction's own rules never collide (its path is loopless and the backup arrives over
        // other links); the first rule wins if a degenerate input makes them.
        compiled.Rules.TryAdd(new IntentRuleKey(dpid, MatchText(rule.Match)), rule);
    }
}
