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
/// later leg's the port of the appliance it starts at. A chain whose legs cross the same switch in
/// by the same port but must leave by different ones cannot be steered this way (it would need a
/// tag per leg); it is reported as a conflict rather than compiled wrongly.
/// </remarks>
internal static class ChainCompiler
{
    /// <summary>Compiles chain <paramref name="chainId"/>'s legs, in order.</summary>
    public static CompiledChain Compile(long chainId, byte table, ushort priority, IReadOnlyList<ChainLeg> legs, IReadOnlyList<OxmEntry> match)
    {
        ulong cookie = ChainCookies.Of(chainId);
        var compiled = new CompiledChain();
        foreach (ChainLeg leg in legs)
        {
            foreach (var (dpid, inPort, outPort) in IntentCompiler.Hops(leg.Ingress, leg.Egress, leg.Path))
            {
                // A leg that ends where it starts (an appliance on the same port twice) must use OFPP_IN_PORT.
                uint output = inPort == outPort ? OfpPortNo.InPort : outPort;
                FlowMod rule = IntentCompiler.Rule(table, priority, cookie, inPort, match, OfpAction.Output(output));
                var key = new IntentRuleKey(dpid, IntentCompiler.MatchText(rule.Match));
                if (compiled.Rules.TryGetValue(key, out FlowMod? other) && !other.Instructions[0].Actions.SequenceEqual(rule.Instructions[0].Actions))
                {
                    compiled.Conflict = $"two legs of the chain enter switch {dpid:x16} by port {inPort} and leave by different ports; in_port cannot tell them apart";
                    compiled.Rules.Clear();
                    compiled.Hops.Clear();
                    return compiled;
                }

                compiled.Rules[key] = rule;
                compiled.Hops.Add(new ChainHop(dpid, inPort, outPort));
            }

            if (leg.Appliance is { } name)
            {
                compiled.Hops.Add(new ChainHop(leg.Egress.DatapathId, leg.Egress.PortNo, leg.Egress.PortNo, name));
            }
        }

        return compiled;
    }
}
