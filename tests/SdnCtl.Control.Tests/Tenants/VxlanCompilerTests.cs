using SdnCtl.Control.Network;
using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>VXLAN segments compiled to VTEP rules: replication to member VTEPs, split horizon, underlay routes.</summary>
public sealed class VxlanCompilerTests
{
    private const byte Classify = 0;
    private const byte Segment = 1;
    private const uint Vni = 5001;

    // A line 1 - 2 - 3 - 4: each switch has ports 1 (host), 2 (toward the higher dpid), 3 (toward the lower).
    // Switches 1, 2 and 3 are VTEPs with uplink 2 (3's uplink is 3); 4 is not a VTEP.
    private static readonly TopologyDocument Document = new(
        "line",
        null,
        [
            Switch(1, new VtepSpec(0xC0A8_0001, 2)),
            Switch(2, new VtepSpec(0xC0A8_0002, 2)),
            Switch(3, new VtepSpec(0xC0A8_0003, 3)),
            Switch(4, null),
        ],
        [],
        []);

    private static readonly Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> Line = new()
    {
        [1] = [(2, 2, 3)],
        [2] = [(2, 3, 3), (3, 1, 2)],
        [3] = [(2, 4, 3), (3, 2, 2)],
        [4] = [(3, 3, 2)],
    };

    private static readonly VxlanFabric Fabric = VxlanFabric.From(Document);

    [Fact]
    public void CompileSegment_MembersOnVteps1And3_ReplicatesBetweenThemOnly_WithSplitHorizon()
    {
        // Tunnel ports: on 1, 4 -> 2 and 5 -> 3; on 3, 4 -> 1 and 5 -> 2.
        Dictionary<ulong, List<TenantRule>> rules = Compile(Plan((0xa, 1), (0xc, 3)));

        Assert.Equal([1ul, 3ul], rules.Keys.Order());
        Assert.DoesNotContain(rules.Values.SelectMany(r => r), r => Actions(r).Any(a => a.Type == OfpActionType.PushVlan));

        List<TenantRule> one = rules[1];
        TenantRule classify = one.Single(r => r.Table == Classify && r.Match.Contains(OxmEntry.InPort(1)));
        Assert.Equal([OfpAction.SetField(OxmEntry.TunnelId(Vni))], Actions(classify));

        TenantRule flood = one.Single(r => r.Priority == TenantFlowCompiler.FloodPriority);
        Assert.Equal([1u, 5u], Outputs(flood));
        TenantRule fromTunnel = one.Single(r => r.Priority == TenantFlowCompiler.TunnelFloodPriority);
        Assert.Contains(OxmEntry.InPort(5), fromTunnel.Match);
        Assert.Equal([1u], Outputs(fromTunnel));
        TenantRule horizon = one.Single(r => r.Priority == TenantFlowCompiler.TunnelUnicastPriority);
        Assert.Empty(horizon.Instructions);
        TenantRule toRemote = one.Single(r => r.Priority == TenantFlowCompiler.RemoteHostPriority);
        Assert.Contains(OxmEntry.EthDst(0xc), toRemote.Match);
        Assert.Equal([5u], Outputs(toRemote));
        TenantRule deliver = one.Single(r => r.Priority == TenantFlowCompiler.DeliverPriority);
        Assert.Equal([OfpAction.Output(1)], Actions(deliver));
        Assert.All(one.Where(r => r.Table == Segment), r => Assert.Contains(OxmEntry.TunnelId(Vni), r.Match));

        Assert.Contains(rules[3], r => r.Table == Classify && r.Match.SequenceEqual([OxmEntry.InPort(4), OxmEntry.TunnelId(Vni)]));
    }

    [Fact]
    public void CompileSegment_AllMembersOnOneVtep_SendsNothingIntoTheOverlay()
    {
        Dictionary<ulong, List<TenantRule>> rules = Compile(Plan((0xa, 1), (0xb, 1)));

        Assert.Equal([1ul], rules.Keys);
        Assert.DoesNotContain(rules[1], r => Outputs(r).Any(p => p > 1));
    }

    [Fact]
    public void CompileTrunks_RoutesEachVtepAddressTowardIt_AndDropsUnknownVnisAtTunnelPorts()
    {
        Dictionary<ulong, List<TenantRule>> rules = TenantFlowCompiler.CompileTrunks(Line, Classify, Segment, Fabric);

        uint Route(ulong dpid, uint address) =>
            Outputs(rules[dpid].Single(r => r.Priority == TenantFlowCompiler.UnderlayPriority && r.Match.Contains(OxmEntry.Ipv4Dst(address)))).Single();
        Assert.Equal(3u, Route(2, 0xC0A8_0001));
        Assert.Equal(2u, Route(2, 0xC0A8_0003));
        Assert.Equal(3u, Route(4, 0xC0A8_0001));
        Assert.DoesNotContain(rules[1], r => r.Match.Contains(OxmEntry.Ipv4Dst(0xC0A8_0001)));
        Assert.Equal(
            [4u, 5u],
            rules[2].Where(r => r.Priority == TenantFlowCompiler.TunnelDropPriority).Select(r => (uint)r.Match.Single().Value).Order());
        Assert.DoesNotContain(rules[4], r => r.Priority == TenantFlowCompiler.TunnelDropPriority);
        Assert.True(rules[2].Where(r => r.Priority == TenantFlowCompiler.TunnelDropPriority).All(r => r.Instructions.Count == 0));
    }

    private static Dictionary<ulong, List<TenantRule>> Compile(SegmentPlan plan) =>
        TenantFlowCompiler.CompileSegment(plan, Line, Classify, Segment, Fabric);

    private static SegmentPlan Plan(params (ulong Mac, ulong Dpid)[] members)
    {
        var segment = new SegmentSpec("web", SegmentKind.Vxlan, Vni, null, 0, [.. members.Select(m => MemberSpec.ForPort(new PortRef(m.Dpid.ToString(System.Globalization.CultureInfo.InvariantCulture), 1)))]);
        var plan = new SegmentPlan(new TenantSpec("shop", [segment]), segment, 1);
        foreach (var (mac, dpid) in members)
        {
            plan.AccessPorts.Add(new SwitchPort(dpid, 1));
            plan.Hosts.Add((new KnownHost(mac, 0, new SwitchPort(dpid, 1)), MemberKind.Port));
        }

        return plan;
    }

    private static SwitchSpec Switch(ulong dpid, VtepSpec? vtep) =>
        new($"s{dpid}", dpid, [new PortSpec(1, "h"), new PortSpec(2, "up"), new PortSpec(3, "down")]) { Vtep = vtep };

    private static List<OfpAction> Actions(TenantRule rule) => [.. rule.Instructions.SelectMany(i => i.Actions)];

    private static List<uint> Outputs(TenantRule rule) => [.. Actions(rule).Where(a => a.Type == OfpActionType.Output).Select(a => a.Argument)];
}
