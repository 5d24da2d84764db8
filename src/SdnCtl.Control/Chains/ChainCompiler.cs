using SdnCtl.Control.Intents;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Chains;

/// <summary>
/// Turns a chain's routed legs into OpenFlow: pure, so it is tested on its own.
/// </summary>
/// <remarks>
/// Appliances are one-armed (the built-in firewall with one interface re-emits a frame on the
/// interface it came in by), so a frame is not changed on its way through the chain and the legs
/// are told apart by in_port alone: every switch of every leg gets one rule, in_port plus the
/// classifier, output to the next port. The first leg's in_port is the source host's port, each
/// later leg's the port of the appliance it starts at. Two legs of one direction that enter a switch
/// by the same port must therefore leave it by the same port. The chain manager chooses the legs'
/// paths so that they do (among each leg's cheapest paths, ordered independently of link discovery
/// order, with backtracking), which keeps frames unchanged (no per-leg tag to push and pop, nothing
/// that could collide with a tenant's VLAN ids on trunks) and costs nothing on the data path. Only a
/// network where no such choice exists (a tree where two legs must cross one switch port toward
/// different places) still meets the check below: the chain is reported as a conflict rather than
/// compiled wrongly.
/// <para>
/// A direction with a <see cref="ChainDirection.Handoff"/> (a tenant chain) has no leg after its
/// last appliance: the rule for what comes back from that appliance applies the hand-off (tag the
/// frame with its segment, go to the segment table), so the tenant's own rules deliver it.
/// </para>
/// </remarks>
internal static class ChainCompiler
{
    /// <summary>Compiles chain <paramref name="chainId"/>'s legs, in order: one direction from one source.</summary>
    public static CompiledChain Compile(long chainId, byte table, ushort priority, IReadOnlyList<ChainLeg> legs, IReadOnlyList<OxmEntry> match) =>
        Compile(chainId, table, priority, [new ChainDirection(legs, match)]);

    /// <summary>
    /// Compiles every direction of chain <paramref name="chainId"/>. The hops of the first forward
    /// direction become <see cref="CompiledChain.Hops"/>, those of the first return direction
    /// <see cref="CompiledChain.ReturnHops"/>.
    /// </summary>
    public static CompiledChain Compile(long chainId, byte table, ushort priority, IReadOnlyList<ChainDirection> directions)
    {
        ulong cookie = ChainCookies.Of(chainId);
        var compiled = new CompiledChain();
        bool forwardRecorded = false, returnRecorded = false;
        foreach (ChainDirection direction in directions)
        {
            List<ChainHop>? hops = null;
            if (direction.IsReturn ? !returnRecorded : !forwardRecorded)
            {
                hops = direction.IsReturn ? compiled.ReturnHops : compiled.Hops;
                returnRecorded |= direction.IsReturn;
                forwardRecorded |= !direction.IsReturn;
            }

            foreach (ChainLeg leg in direction.Legs)
            {
                foreach (var (dpid, inPort, outPort) in IntentCompiler.Hops(leg.Ingress, leg.Egress, leg.Path))
                {
                    // A leg that ends where it starts (an appliance on the same port twice) must use OFPP_IN_PORT.
                    uint output = inPort == outPort ? OfpPortNo.InPort : outPort;
                    if (!TryAdd(compiled, dpid, IntentCompiler.Rule(table, priority, cookie, inPort, direction.Match, OfpAction.Output(output))))
                    {
                        return Conflicted(compiled, $"two legs of the chain enter switch {dpid:x16} by port {inPort} and leave by different ports; in_port cannot tell them apart");
                    }

                    hops?.Add(new ChainHop(dpid, inPort, outPort));
                }

                if (leg.Appliance is { } name)
                {
                    hops?.Add(new ChainHop(leg.Egress.DatapathId, leg.Egress.PortNo, leg.Egress.PortNo, name));
                }
            }

            if (direction.Handoff is { } handoff && direction.Legs.Count > 0)
            {
                Network.SwitchPort from = direction.Legs[^1].Egress;
                FlowMod rule = new()
                {
                    Command = FlowModCommand.Add,
                    TableId = table,
                    Priority = priority,
                    Cookie = cookie,
                    Match = [OxmEntry.InPort(from.PortNo), .. direction.Match],
                    Instructions = [.. handoff],
                };
                if (!TryAdd(compiled, from.DatapathId, rule))
                {
                    return Conflicted(compiled, $"a leg of the chain and its hand-off to the segment both leave the appliance at {from} with the same match");
                }

                hops?.Add(new ChainHop(from.DatapathId, from.PortNo, OfpPortNo.Table, Segment: direction.Segment));
            }
        }

        return compiled;
    }

    private static bool TryAdd(CompiledChain compiled, ulong dpid, FlowMod rule)
    {
        var key = new IntentRuleKey(dpid, IntentCompiler.MatchText(rule.Match));
        if (compiled.Rules.TryGetValue(key, out FlowMod? other) && !other.Instructions.SequenceEqual(rule.Instructions))
        {
            return false;
        }

        compiled.Rules[key] = rule;
        return true;
    }

    private static CompiledChain Conflicted(CompiledChain compiled, string conflict)
    {
        compiled.Conflict = conflict;
        compiled.Rules.Clear();
        compiled.Hops.Clear();
        compiled.ReturnHops.Clear();
        return compiled;
    }
}
