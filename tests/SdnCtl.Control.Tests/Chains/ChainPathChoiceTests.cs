using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Chains;

/// <summary>
/// A chain h1 → fw1 → fw2 → h4 whose shortest legs collide: h1 (s1:1) and fw2 (s1:4) sit on s1,
/// fw1 (s3:4) behind the hub s2, h4 (s4:1) on s4, which the hub reaches in one hop and s1 also
/// reaches the long way round (s1 - s5 - s6 - s4). The legs h1 → fw1 and fw2 → h4 both enter s2 by
/// port 2 on their shortest paths and leave it by port 3 and port 4: in_port cannot tell them apart.
/// </summary>
public class ChainPathChoiceTests
{
    private static readonly ChainAppliance[] s_appliances = [new("fw1", "s3:4"), new("fw2", "s1:4")];

    [Fact]
    public void Compile_ShortestLegsThatEnterTheHubByOnePort_Conflict()
    {
        // What the chain manager chose before: every leg on its shortest path.
        ChainLeg[] legs =
        [
            new(new(1, 1), new(3, 4), Path(1, 3, (1, 2, 2, 2), (2, 3, 3, 2)), "fw1"),
            new(new(3, 4), new(1, 4), Path(3, 1, (3, 2, 2, 3), (2, 2, 1, 2)), "fw2"),
            new(new(1, 4), new(4, 1), Path(1, 4, (1, 2, 2, 2), (2, 4, 4, 2)), null),
        ];

        CompiledChain compiled = ChainCompiler.Compile(1, 0, ChainManager.RulePriority, legs, [OxmEntry.EthSrc(1), OxmEntry.EthDst(3)]);

        Assert.Contains("enter switch 0000000000000002 by port 2", compiled.Conflict, StringComparison.Ordinal);
        Assert.Empty(compiled.Rules);
    }

    [Fact]
    public async Task Add_ShortestLegsCollideAtTheHub_LastLegTakesTheLongWay_Installed()
    {
        await using Lab lab = await Lab.StartAsync(HubWithDetour(), declare: true);

        ChainResult result = await lab.Controller.Chains.AddAsync(new ChainSpec("c", "h1", "h4", null, [.. s_appliances]) { Symmetric = false });
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Accepted, result.Status);
        ChainInfo chain = lab.Controller.Chains.Find("c")!;
        Assert.True(chain.State == IntentState.Installed, $"{chain.State}: {chain.Reason}");
        Assert.Equal(["fw1", "fw2"], chain.Hops.Where(h => h.IsAppliance).Select(h => h.Appliance));

        // h1 → fw1 crosses the hub from port 2; fw2 → h4 avoids it through s5 and s6.
        Assert.Contains(chain.Hops, h => h.DatapathId == lab.Dpid("s2") && (h.InPort, h.OutPort) == (2u, 3u));
        Assert.DoesNotContain(chain.Hops, h => h.DatapathId == lab.Dpid("s2") && h.OutPort == 4);
        int afterFw2 = chain.Hops.IndexOf(chain.Hops.Single(h => h.Appliance == "fw2"));
        Assert.Equal(
            [lab.Dpid("s1"), lab.Dpid("s5"), lab.Dpid("s6"), lab.Dpid("s4")],
            chain.Hops.Skip(afterFw2 + 1).Select(h => h.DatapathId));

        AssertLegsApart(chain.Hops);
        Assert.NotEmpty(lab.Switch("s5").Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000));
    }

    [Fact]
    public async Task Add_TreeWithoutADetour_FailedNamingTheSharedPort_NoRules()
    {
        // Without the s1 - s5 - s6 - s4 detour no choice of paths keeps the legs apart.
        TopologyDocument tree = HubWithDetour() with
        {
            Links = [.. HubWithDetour().Links.Where(l => l.A.Switch is not ("s5" or "s6") && l.B.Switch is not ("s5" or "s6"))],
        };
        await using Lab lab = await Lab.StartAsync(tree, declare: true);

        await lab.Controller.Chains.AddAsync(new ChainSpec("c", "h1", "h4", null, [.. s_appliances]) { Symmetric = false });
        await lab.SettleAsync();

        ChainInfo chain = lab.Controller.Chains.Find("c")!;
        Assert.Equal(IntentState.Failed, chain.State);
        Assert.Contains("by port 2", chain.Reason, StringComparison.Ordinal);
        Assert.Empty(lab.Network.Switches.Values.SelectMany(s => s.Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000)));
    }

    [Fact]
    public async Task Add_Symmetric_ReturnLegsAlsoKeptApart_OneOfThemTakesTheDetour()
    {
        // The way back h4 → fw2 → fw1 → h1: on their shortest paths h4 → fw2 and fw1 → h1 both enter
        // s1 by port 2 (from the hub) and leave by port 4 (fw2) and port 1 (h1).
        await using Lab lab = await Lab.StartAsync(HubWithDetour(), declare: true);

        await lab.Controller.Chains.AddAsync(new ChainSpec("c", "h1", "h4", null, [.. s_appliances]));
        await lab.SettleAsync();

        ChainInfo chain = lab.Controller.Chains.Find("c")!;
        Assert.True(chain.State == IntentState.Installed, $"{chain.State}: {chain.Reason}");
        Assert.Equal(["fw2", "fw1"], chain.ReturnHops.Where(h => h.IsAppliance).Select(h => h.Appliance));
        AssertLegsApart(chain.Hops);
        AssertLegsApart(chain.ReturnHops);
        Assert.Contains(chain.ReturnHops, h => h.DatapathId == lab.Dpid("s5"));
    }

    /// <summary>Within one direction, a switch entered by one port is always left by one port.</summary>
    private static void AssertLegsApart(IEnumerable<ChainHop> hops)
    {
        foreach (var entered in hops.Where(h => !h.IsAppliance).GroupBy(h => (h.DatapathId, h.InPort)))
        {
            Assert.Single(entered.Select(h => h.OutPort).Distinct());
        }
    }

    /// <summary>
    /// s2 is the hub: s1:2-s2:2, s2:3-s3:2, s2:4-s4:2; the detour s1:3-s5:2, s5:3-s6:2, s6:3-s4:3.
    /// h1 at s1:1, h3 at s3:1, h4 at s4:1; ports s1:4 and s3:4 are free for appliances.
    /// </summary>
    private static TopologyDocument HubWithDetour() => TestTopologies.Build(
        "hub-with-detour",
        switches: 6,
        ports: 4,
        [("s1", 2, "s2", 2), ("s2", 3, "s3", 2), ("s2", 4, "s4", 2), ("s1", 3, "s5", 2), ("s5", 3, "s6", 2), ("s6", 3, "s4", 3)],
        [("h1", "s1", 1), ("h3", "s3", 1), ("h4", "s4", 1)]);

    private static NetworkPath Path(ulong from, ulong to, params (ulong A, uint PortA, ulong B, uint PortB)[] links) =>
        new(from, to, [.. links.Select(l => new LinkInfo(new SwitchPort(l.A, l.PortA), new SwitchPort(l.B, l.PortB), DateTimeOffset.UnixEpoch, null, null))]);
}
