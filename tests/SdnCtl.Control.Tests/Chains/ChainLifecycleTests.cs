using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Tests.Fakes;

namespace SdnCtl.Control.Tests.Chains;

public class ChainLifecycleTests
{
    private static ChainSpec Spec(string name = "c1") => new(name, "h1", "h3", null, [new ChainAppliance("fw1", "s2:4")]);

    [Fact]
    public async Task Add_DeclaredHosts_InstalledThroughTheAppliancePort_SameNameConflicts()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);

        ChainResult result = await lab.Controller.Chains.AddAsync(Spec());
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Accepted, result.Status);
        ChainInfo chain = lab.Controller.Chains.Find("c1")!;
        Assert.Equal(IntentState.Installed, chain.State);
        ChainHop appliance = Assert.Single(chain.Hops, h => h.IsAppliance);
        Assert.Equal((lab.Dpid("s2"), 4u), (appliance.DatapathId, appliance.OutPort));
        Assert.Equal(lab.Dpid("s1"), chain.Hops[0].DatapathId);
        Assert.Equal(lab.Dpid("s3"), chain.Hops[^1].DatapathId);
        Assert.Contains(ChainRules(lab, "s2"), f => f.Priority == ChainManager.RulePriority);
        Assert.Equal(IntentResultStatus.Conflict, (await lab.Controller.Chains.AddAsync(Spec())).Status);
    }

    [Fact]
    public async Task LinkOnALegCut_Rerouted_ThenEveryPathCut_FailedWithReasonAndNoRules()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        await lab.Controller.Chains.AddAsync(Spec());
        await lab.SettleAsync();

        lab.Network.Cut(lab.Port("s1", 2));
        await lab.SettleAsync();

        ChainInfo rerouted = lab.Controller.Chains.Find("c1")!;
        Assert.Equal(IntentState.Rerouted, rerouted.State);
        Assert.Contains("moved", rerouted.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(rerouted.Hops, h => h.DatapathId == lab.Dpid("s1") && h.OutPort == 2);

        lab.Network.Cut(lab.Port("s1", 3));
        await lab.SettleAsync();

        ChainInfo failed = lab.Controller.Chains.Find("c1")!;
        Assert.Equal(IntentState.Failed, failed.State);
        Assert.StartsWith("no path", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(failed.Hops);
        Assert.Empty(lab.Network.Switches.Values.SelectMany(s => s.Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000)));
    }

    [Fact]
    public async Task Remove_DeletesItsRules_UnknownNameNotFound()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        await lab.Controller.Chains.AddAsync(Spec());
        await lab.SettleAsync();
        Assert.NotEmpty(ChainRules(lab, "s1"));

        ChainResult removed = await lab.Controller.Chains.RemoveAsync("c1");
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Accepted, removed.Status);
        Assert.Null(lab.Controller.Chains.Find("c1"));
        Assert.Empty(lab.Network.Switches.Values.SelectMany(s => s.Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000)));
        Assert.Equal(IntentResultStatus.NotFound, (await lab.Controller.Chains.RemoveAsync("c1")).Status);
    }

    [Fact]
    public async Task Add_SameClassifierUnderAnotherName_ConflictNamingTheClassifier_NothingAdded_AnotherMatchAccepted()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        await lab.Controller.Chains.AddAsync(Spec());

        // h1 written as its MAC, through another appliance: still exactly c1's traffic.
        ChainResult twin = await lab.Controller.Chains.AddAsync(new ChainSpec("twin", "00:00:00:00:00:01", "h3", null, [new ChainAppliance("fw2", "s4:4")]));
        ChainResult web = await lab.Controller.Chains.AddAsync(Spec("web") with { Match = new IntentMatch(IpProto: 6, DestinationPort: 80) });
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Conflict, twin.Status);
        Assert.Equal("classifier", twin.Field);
        Assert.Contains("'c1'", twin.Detail, StringComparison.Ordinal);
        Assert.Null(lab.Controller.Chains.Find("twin"));
        Assert.Equal(IntentResultStatus.Accepted, web.Status);
        Assert.Equal(IntentState.Installed, lab.Controller.Chains.Find("web")!.State);
    }

    [Fact]
    public async Task Restore_KeepsTheCreationTimeItWasStoredWith()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

        ChainResult restored = await lab.Controller.Chains.RestoreAsync(Spec(), created);
        await lab.Controller.Chains.AddAsync(Spec("new") with { Match = new IntentMatch(IpProto: 17) });

        Assert.Equal(IntentResultStatus.Accepted, restored.Status);
        Assert.Equal(created, lab.Controller.Chains.Find("c1")!.CreatedAt);
        Assert.NotEqual(created, lab.Controller.Chains.Find("new")!.CreatedAt);
    }

    private static List<FakeFlow> ChainRules(Lab lab, string sw) =>
        [.. lab.Switch(sw).Table.WithCookieApp(ChainCookies.Application, 0xffff_0000_0000_0000)];
}
