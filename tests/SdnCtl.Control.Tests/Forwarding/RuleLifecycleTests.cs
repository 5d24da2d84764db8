using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Forwarding;

public class RuleLifecycleTests
{
    [Fact]
    public async Task FlowIdleTimeout_Set_RulesExpireAndAskForFlowRemoved()
    {
        var options = new ControllerOptions { FlowIdleTimeout = TimeSpan.FromSeconds(10) };
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3), options);
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));

        FlowMod rule = Assert.Single(lab.Switch("s2").FlowMods, m => m.Cookie == FlowCookies.Forwarding(h3.Mac));
        Assert.Equal(10, rule.IdleTimeout);
        Assert.Equal(FlowModFlags.SendFlowRem, rule.Flags);
    }

    [Fact]
    public async Task FlowRemoved_IdleExpiryMidPath_PrunesUpstreamAndNextPacketReinstalls()
    {
        var options = new ControllerOptions { FlowIdleTimeout = TimeSpan.FromSeconds(10) };
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3), options);
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 1));
        ulong cookie = FlowCookies.Forwarding(h3.Mac);

        // s2's rule idles out on the switch, which says so.
        FakeSwitch s2 = lab.Switch("s2");
        s2.Table.Apply(new FlowMod { Command = FlowModCommand.Delete, Cookie = cookie, CookieMask = ulong.MaxValue });
        lab.Controller.FlowRemovedReceived(s2, new FlowRemoved { Cookie = cookie, Reason = FlowRemovedReason.IdleTimeout, Priority = 1000 });
        await lab.SettleAsync();

        // s1's rule led only into the gap, so it is deleted too; s3's still ends at h3.
        Assert.Empty(lab.Switch("s1").Table.WithCookieApp(cookie, ulong.MaxValue));
        Assert.Single(lab.Switch("s3").Table.WithCookieApp(cookie, ulong.MaxValue));

        lab.ClearSent();
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 2));

        UnicastTests.AssertForwardingRule(lab.Switch("s1"), h3.Mac, outPort: 2, idleTimeout: 10);
        Assert.Single(lab.Switch("s2").FlowMods);
        Assert.DoesNotContain(lab.Switch("s3").FlowMods, m => m.Command == FlowModCommand.Add);
        Assert.Equal(2, h3.Received.Count);
    }

    [Fact]
    public async Task FlowRemoved_ForOwnDelete_IsIgnored()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        lab.ClearSent();

        lab.Controller.FlowRemovedReceived(lab.Switch("s2"), new FlowRemoved { Cookie = FlowCookies.Forwarding(h3.Mac), Reason = FlowRemovedReason.Delete });
        await lab.SettleAsync();

        Assert.All(lab.Network.Switches.Values, s => Assert.Empty(s.FlowMods));
    }

    [Fact]
    public async Task SwitchConnected_SameDatapathNewSession_ReplacesOldAndIgnoresItsLateEvents()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));

        (FakeSwitch old, FakeSwitch fresh) = lab.Network.Reconnect(2);
        await lab.RunDiscoveryRoundsAsync(1);
        long version = lab.Topology.Version;
        lab.Controller.SwitchDisconnected(old, "old session timed out");
        lab.Controller.PortStatusReceived(old, new PortStatus { Reason = PortReason.Delete, Port = old.PortList[0] });
        await lab.SettleAsync();

        Assert.Same(fresh, lab.Controller.GetSwitch(2));
        Assert.Equal(version, lab.Topology.Version);
        Assert.Equal(2, lab.Topology.Links.Length);
        Assert.Equal(2, lab.Topology.Switches.Length);
        Assert.Contains(fresh.FlowMods, m => m.Priority == 0);
    }

    [Fact]
    public async Task Snapshot_OnlyHostsChanged_SharesThePathGraph()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        TopologySnapshot before = lab.Topology;
        object graph = before.Graph;

        await lab.AnnounceAllHostsAsync();
        TopologySnapshot afterHosts = lab.Topology;
        lab.Network.Cut(lab.Port("s1", 2));
        await lab.SettleAsync();
        TopologySnapshot afterCut = lab.Topology;

        Assert.True(afterHosts.Version > before.Version);
        Assert.Same(graph, afterHosts.Graph);
        Assert.NotSame(graph, afterCut.Graph);
    }
}
