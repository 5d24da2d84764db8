using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tenants;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Chains;

/// <summary>
/// Tenant chains on the square (s1..s4 in a ring, h{i} on s{i}:1, MAC i): tenant a's VLAN 100
/// segment web has h1 and h3 and the appliance ports s2:4 (fw1) and s4:4 (fw2); tenant b's VLAN
/// 200 segment db has h2 and h4.
/// </summary>
public class TenantChainTests
{
    private const ulong H1 = 1, H2 = 2, H3 = 3, H4 = 4;
    private static readonly ChainAppliance[] s_appliances = [new("fw1", "s2:4"), new("fw2", "s4:4")];

    [Fact]
    public async Task Add_SegmentChainWithoutHosts_RulesAboveEveryTenantRule_UntaggedMemberTrafficOnly_HandOffTagsWithTheSegment()
    {
        await using Lab lab = await StartAsync();
        var spec = new ChainSpec("a-web", null, null, new IntentMatch(IpProto: 6, DestinationPort: 80), [.. s_appliances]) { Tenant = "a", Segment = "web" };

        ChainResult result = await lab.Controller.Chains.AddAsync(spec);
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Accepted, result.Status);
        ChainInfo chain = lab.Controller.Chains.Find("a-web")!;
        Assert.Equal(IntentState.Installed, chain.State);
        Assert.False(spec.IsSymmetric);
        Assert.Empty(chain.ReturnHops);
        Assert.Equal(["fw1", "fw2"], chain.Hops.Where(h => h.IsAppliance).Select(h => h.Appliance));
        Assert.Equal("a/web", chain.Hops[^1].Segment);
        Assert.Equal((lab.Dpid("s4"), 4u), (chain.Hops[^1].DatapathId, chain.Hops[^1].InPort));

        List<FakeFlow> rules = AllChainRules(lab);
        int highestTenantRule = lab.Controller.TenantNetworking.RuleCount > 0
            ? lab.Network.Switches.Values.SelectMany(s => s.Table.Flows).Where(f => TenantCookies.IsTenantRule(f.Cookie)).Max(f => f.Priority)
            : 0;
        Assert.True(highestTenantRule >= TenantFlowCompiler.PortPriority, "the tenant rules are installed");
        Assert.All(rules, r =>
        {
            Assert.True(r.Priority > highestTenantRule, $"chain rule at {r.Priority} is not above the tenant rules ({highestTenantRule})");
            Assert.Contains(OxmEntry.VlanNone(), r.Match);
            // Unicast only: a broadcast the segment floods back to an appliance must not re-enter the chain.
            Assert.Contains(OxmEntry.EthDst(0, 0x0100_0000_0000), r.Match);
            Assert.True(EthSrc(r) is H1 or H3);
        });

        // Both members are steered from their own port, through fw1 (s2:4) and then fw2 (s4:4).
        Assert.Contains(rules, r => InPort(r) == 1 && EthSrc(r) == H1 && r.OutputPorts.SequenceEqual([2u]));
        Assert.Contains(rules, r => InPort(r) == 1 && EthSrc(r) == H3 && r.OutputPorts.Any());

        // Hand-off at fw2's port: tagged as the segment's classification tags (VID 100), on to the segment table.
        FakeFlow handoff = Assert.Single(lab.Switch("s4").Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000), r => InPort(r) == 4 && EthSrc(r) == H1);
        Assert.Equal([OfpActionType.PushVlan, OfpActionType.SetField, OfpActionType.SetField], handoff.Actions.Select(a => a.Type));
        Assert.Contains(handoff.Actions, a => a.Type == OfpActionType.SetField && a.Field == OxmEntry.VlanVid(100));
        Assert.Empty(handoff.OutputPorts);
    }

    [Fact]
    public async Task Add_TenantChain_NoRuleMatchesAnotherTenantsTagHostsOrPorts()
    {
        await using Lab lab = await StartAsync();
        await lab.Controller.Chains.AddAsync(new ChainSpec("all", null, null, null, [.. s_appliances]) { Tenant = "a" });
        await lab.Controller.Chains.AddAsync(new ChainSpec("pair", "h1", "h3", null, [.. s_appliances]) { Tenant = "a" });
        await lab.SettleAsync();

        Assert.All(lab.Controller.Chains.Chains, c => Assert.Equal(IntentState.Installed, c.State));
        List<FakeFlow> rules = AllChainRules(lab);
        Assert.NotEmpty(rules);
        SwitchPort[] bPorts = [lab.Port("s2", 1), lab.Port("s4", 1)];
        foreach (ulong dpid in lab.Network.Switches.Keys)
        {
            foreach (FakeFlow r in lab.Network.Switch(dpid).Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000))
            {
                Assert.DoesNotContain(r.Match, m => m.Field == OxmFieldId.VlanVid && m != OxmEntry.VlanNone());
                Assert.DoesNotContain(r.Match, m => m.Field is OxmFieldId.EthSrc or OxmFieldId.EthDst && (ulong)m.Value is H2 or H4);
                Assert.DoesNotContain(new SwitchPort(dpid, InPort(r)), bPorts);
                Assert.DoesNotContain(r.Actions, a => a.Type == OfpActionType.SetField && a.Field == OxmEntry.VlanVid(200));
            }
        }
    }

    [Fact]
    public async Task Add_BetweenTwoMembers_SymmetricByDefault_ReturnVisitsTheAppliancesInReverseOrder()
    {
        await using Lab lab = await StartAsync();
        var spec = new ChainSpec("pair", "h1", "h3", new IntentMatch(IpProto: 6, DestinationPort: 80), [.. s_appliances]) { Tenant = "a" };

        await lab.Controller.Chains.AddAsync(spec);
        await lab.SettleAsync();

        ChainInfo chain = lab.Controller.Chains.Find("pair")!;
        Assert.True(spec.IsSymmetric);
        Assert.Equal(IntentState.Installed, chain.State);
        Assert.Equal(lab.Dpid("s1"), chain.Hops[0].DatapathId);
        Assert.Equal(["fw1", "fw2"], chain.Hops.Where(h => h.IsAppliance).Select(h => h.Appliance));
        Assert.Equal(lab.Dpid("s3"), chain.ReturnHops[0].DatapathId);
        Assert.Equal(["fw2", "fw1"], chain.ReturnHops.Where(h => h.IsAppliance).Select(h => h.Appliance));
        Assert.Equal(("a/web", lab.Dpid("s2")), (chain.ReturnHops[^1].Segment, chain.ReturnHops[^1].DatapathId));

        List<FakeFlow> rules = AllChainRules(lab);
        Assert.Contains(rules, r => EthSrc(r) == H1 && r.Match.Contains(OxmEntry.EthDst(H3)) && r.Match.Contains(OxmEntry.TcpDst(80)));
        Assert.Contains(rules, r => EthSrc(r) == H3 && r.Match.Contains(OxmEntry.EthDst(H1)) && r.Match.Contains(OxmEntry.TcpSrc(80)));
        Assert.All(rules, r => Assert.True(EthSrc(r) is H1 or H3));
    }

    [Fact]
    public async Task MemberLeavesTheSegment_ChainRecompiled_ItsTrafficNoLongerSteered()
    {
        await using Lab lab = await StartAsync();
        await lab.Controller.Chains.AddAsync(new ChainSpec("all", null, null, null, [.. s_appliances]) { Tenant = "a", Segment = "web" });
        await lab.SettleAsync();
        Assert.Contains(AllChainRules(lab), r => EthSrc(r) == H3);

        TenantResult removed = await lab.Controller.Tenants.RemoveMemberAsync("a", "web", MemberSpec.ForPort(new PortRef("s3", 1)));
        await lab.SettleAsync();

        Assert.True(removed.Succeeded, removed.Detail);
        Assert.Equal(IntentState.Installed, lab.Controller.Chains.Find("all")!.State);
        Assert.NotEmpty(AllChainRules(lab));
        Assert.DoesNotContain(AllChainRules(lab), r => EthSrc(r) == H3);
    }

    [Theory]
    [InlineData("nobody", null, null, "s2:4", "classifier.tenant")]
    [InlineData("a", "nope", null, "s2:4", "classifier.segment")]
    [InlineData("a", "web", "h2", "s2:4", "classifier.src")]
    [InlineData("a", "web", null, "s2:1", "appliances[0]")]
    [InlineData("a", "web", null, "s3:4", "appliances[0]")]
    public async Task Add_TenantChainThatDoesNotFitItsSegment_InvalidNamingTheField_NothingAdded(string tenant, string? segment, string? src, string appliancePort, string field)
    {
        await using Lab lab = await StartAsync();

        ChainResult result = await lab.Controller.Chains.AddAsync(new ChainSpec("bad", src, null, null, [new ChainAppliance("fw", appliancePort)]) { Tenant = tenant, Segment = segment });
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Invalid, result.Status);
        Assert.Equal(field, result.Field);
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Null(lab.Controller.Chains.Find("bad"));
        Assert.Empty(AllChainRules(lab));
    }

    [Fact]
    public async Task PlainChain_SymmetricByDefault_AndOneWayWhenAsked()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        await lab.Controller.Chains.AddAsync(new ChainSpec("both", "h1", "h3", null, [new ChainAppliance("fw1", "s2:4")]));
        await lab.Controller.Chains.AddAsync(new ChainSpec("one", "h4", "h2", null, [new ChainAppliance("fw1", "s2:4")]) { Symmetric = false });
        await lab.SettleAsync();

        ChainInfo both = lab.Controller.Chains.Find("both")!;
        Assert.Equal(lab.Dpid("s3"), both.ReturnHops[0].DatapathId);
        Assert.Equal(lab.Dpid("s1"), both.ReturnHops[^1].DatapathId);
        Assert.Equal("fw1", Assert.Single(both.ReturnHops, h => h.IsAppliance).Appliance);
        Assert.Contains(AllChainRules(lab), r => EthSrc(r) == H3 && r.Match.Contains(OxmEntry.EthDst(H1)) && r.Priority == ChainManager.RulePriority);
        Assert.Empty(lab.Controller.Chains.Find("one")!.ReturnHops);
        Assert.DoesNotContain(AllChainRules(lab), r => EthSrc(r) == H2);
    }

    [Fact]
    public void Compile_HandOffDirection_LastRuleAtTheLastApplianceCarriesTheHandOff_HopNamesTheSegment()
    {
        ChainLeg[] legs = [new(new(1, 1), new(2, 4), new NetworkPath(1, 2, [new LinkInfo(new SwitchPort(1, 2), new SwitchPort(2, 3), DateTimeOffset.UnixEpoch, null, null)]), "fw1")];
        List<OfpInstruction> handoff = [OfpInstruction.ApplyActions(OfpAction.PushVlan(), OfpAction.SetVlanVid(100)), OfpInstruction.GotoTable(1)];
        OxmEntry[] match = [OxmEntry.EthSrc(H1), OxmEntry.VlanNone()];

        CompiledChain c = ChainCompiler.Compile(7, 0, ChainManager.TenantRulePriority, [new ChainDirection(legs, match) { Handoff = handoff, Segment = "a/web" }]);

        Assert.Null(c.Conflict);
        Assert.Equal(3, c.Rules.Count);
        var last = Assert.Single(c.Rules, r => r.Key.DatapathId == 2 && (uint)r.Value.Match[0].Value == 4).Value;
        Assert.Equal(handoff, last.Instructions);
        Assert.Equal(match, last.Match.Skip(1));
        Assert.Equal(["1 1>2", "2 3>4", "fw1", "2 4>segment a/web"], c.Hops.Select(h => h.Appliance ?? (h.Segment is { } s ? $"{h.DatapathId} {h.InPort}>segment {s}" : $"{h.DatapathId} {h.InPort}>{h.OutPort}")));
        Assert.Empty(c.ReturnHops);
    }

    private static async Task<Lab> StartAsync()
    {
        TopologyDocument document = TestTopologies.Square() with
        {
            Tenants =
            [
                new TenantSpec("a", [Vlan("web", 100, ("s1", 1), ("s3", 1), ("s2", 4), ("s4", 4))]),
                new TenantSpec("b", [Vlan("db", 200, ("s2", 1), ("s4", 1))]),
            ],
        };
        return await Lab.StartAsync(document, declare: true);
    }

    private static SegmentSpec Vlan(string name, uint vid, params (string Switch, uint Port)[] ports) =>
        new(name, SegmentKind.Vlan, vid, null, 0, [.. ports.Select(p => MemberSpec.ForPort(new PortRef(p.Switch, p.Port)))]);

    private static List<FakeFlow> AllChainRules(Lab lab) =>
        [.. lab.Network.Switches.Values.SelectMany(s => s.Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000))];

    private static uint InPort(FakeFlow r) => (uint)r.Match.First(m => m.Field == OxmFieldId.InPort).Value;

    private static ulong? EthSrc(FakeFlow r) => r.Match.Where(m => m.Field == OxmFieldId.EthSrc).Select(m => (ulong?)(ulong)m.Value).FirstOrDefault();
}
