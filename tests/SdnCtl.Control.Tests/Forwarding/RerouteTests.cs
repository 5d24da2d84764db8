using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Tests.Discovery;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;
using Xunit.Abstractions;

namespace SdnCtl.Control.Tests.Forwarding;

public class RerouteTests
{
    private readonly ITestOutputHelper _output;

    public RerouteTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task LinkFailure_OnInstalledPath_DeletesStaleRulesAndInstallsTheNewPath()
    {
        await using Lab lab = await StartSquareWithFlowAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        using NetworkEventSubscription events = lab.Controller.Subscribe();
        lab.ClearSent();

        lab.Network.Cut(lab.Port("s2", 2));
        await lab.SettleAsync();

        // s2 left the tree: its rule is deleted by h3's cookie.
        FlowMod delete = Assert.Single(lab.Switch("s2").FlowMods);
        Assert.Equal(FlowModCommand.Delete, delete.Command);
        Assert.Equal(FlowCookies.Forwarding(h3.Mac), delete.Cookie);
        Assert.Equal(ulong.MaxValue, delete.CookieMask);

        // s1 now goes round the other way through s4; s3's rule (to h3's port) never changed.
        UnicastTests.AssertForwardingRule(lab.Switch("s1"), h3.Mac, outPort: 3);
        UnicastTests.AssertForwardingRule(lab.Switch("s4"), h3.Mac, outPort: 3);
        Assert.Empty(lab.Switch("s3").FlowMods);

        RerouteEvent reroute = Assert.Single(LinkDiscoveryTests.Drain(events).OfType<RerouteEvent>());
        Assert.Equal(1, reroute.Destinations);
        Assert.Equal(3, reroute.FlowMods);
        Assert.Contains("0000000000000002:2", reroute.Cause, StringComparison.Ordinal);
        ControllerStats stats = lab.Controller.Stats;
        Assert.Equal(1, stats.Reroutes);
        Assert.Equal(stats.LastRerouteDuration, reroute.Duration);
        _output.WriteLine($"reroute took {reroute.Duration.TotalMilliseconds:F3} ms of controller time");

        // And traffic flows on the new path without asking the controller.
        h3.ClearReceived();
        long packetIns = lab.Network.PacketInsDelivered;
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 2));
        Assert.Single(h3.Received);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
    }

    [Fact]
    public async Task LinkExpiry_OnInstalledPath_Reroutes()
    {
        await using Lab lab = await StartSquareWithFlowAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        lab.Network.Cut(lab.Port("s2", 2), reportPortStatus: false);
        await lab.RunDiscoveryRoundsAsync(4);

        Assert.Equal(1, lab.Controller.Stats.Reroutes);
        h3.ClearReceived();
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 2));
        Assert.Single(h3.Received);
        Assert.Equal([3u], Assert.Single(lab.Switch("s1").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue)).OutputPorts);
    }

    [Fact]
    public async Task SwitchDisconnected_OnInstalledPath_Reroutes()
    {
        await using Lab lab = await StartSquareWithFlowAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        lab.Network.Disconnect(2);
        await lab.SettleAsync();

        h3.ClearReceived();
        long packetIns = lab.Network.PacketInsDelivered;
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 2));
        Assert.Single(h3.Received);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
    }

    [Fact]
    public async Task LinkFailure_OffThePath_ChangesNoRule()
    {
        await using Lab lab = await StartSquareWithFlowAsync();
        lab.ClearSent();

        lab.Network.Cut(lab.Port("s3", 2));
        await lab.SettleAsync();

        Assert.All(lab.Network.Switches.Values, s => Assert.Empty(s.FlowMods));
        Assert.Equal(0, lab.Controller.Stats.Reroutes);
    }

    [Fact]
    public async Task LinkFailure_CuttingTheOnlyPath_DeletesEveryRuleTowardTheHost()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));

        lab.Network.Cut(lab.Port("s2", 3));
        await lab.SettleAsync();

        // s1 and s2 can no longer reach h3; s3 (the host's own switch) was not an ingress.
        Assert.Empty(lab.Switch("s1").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue));
        Assert.Empty(lab.Switch("s2").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue));
        Assert.Empty(lab.Switch("s3").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue));
    }

    [Fact]
    public async Task FatTree_CoreLinkFailures_AllPairsStillDeliveredWithoutLoops()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.FatTree(4));
        await lab.AnnounceAllHostsAsync();
        var hosts = lab.Network.Hosts.Values.ToList();
        await UnicastTests.SendAllPairsAsync(lab, hosts, id: 1);

        // Cut one uplink of every aggregation switch in pod 1 and one core link of pod 2.
        lab.Network.Cut(lab.Port("a1_1", 3));
        lab.Network.Cut(lab.Port("a1_2", 4));
        lab.Network.Cut(lab.Port("c1", 2));
        await lab.SettleAsync();
        lab.ClearInboxes();

        long packetIns = lab.Network.PacketInsDelivered;
        await UnicastTests.SendAllPairsAsync(lab, hosts, id: 2);

        Assert.All(hosts, h => Assert.Equal(hosts.Count - 1, h.Received.Count));
        Assert.Equal(0, lab.Network.LoopedFrames);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
        Assert.True(lab.Controller.Stats.Reroutes >= 1);
        _output.WriteLine($"{lab.Controller.Stats.Reroutes} reroutes, {lab.Controller.Stats.ReroutedDestinations} destinations, " +
                          $"max {lab.Controller.Stats.MaxRerouteDuration.TotalMilliseconds:F3} ms of controller time");
    }

    [Fact]
    public async Task FatTree_CoreLinkFailures_WithPathComputationService_AllPairsStillDeliveredWithoutLoops()
    {
        // The service the CLI installs paths with: forwarding walks its shortest-path trees.
        var lab = Lab.Create(TopologyGenerators.FatTree(4), pathService: new PathServiceAdapter(new PathComputationService()));
        await using (lab)
        {
            await lab.StartAndDiscoverAsync();
            await lab.AnnounceAllHostsAsync();
            var hosts = lab.Network.Hosts.Values.ToList();
            await UnicastTests.SendAllPairsAsync(lab, hosts, id: 1);

            lab.Network.Cut(lab.Port("a1_1", 3));
            lab.Network.Cut(lab.Port("c1", 2));
            await lab.SettleAsync();
            lab.ClearInboxes();

            long packetIns = lab.Network.PacketInsDelivered;
            await UnicastTests.SendAllPairsAsync(lab, hosts, id: 2);

            Assert.All(hosts, h => Assert.Equal(hosts.Count - 1, h.Received.Count));
            Assert.Equal(0, lab.Network.LoopedFrames);
            Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
            Assert.True(lab.Controller.Stats.Reroutes >= 1);
        }
    }

    [Fact]
    public async Task LinkFailure_UnderAReservation_ControlPlaneMovesTheReservation()
    {
        var service = new PathComputationService();
        var lab = Lab.Create(TestTopologies.Square(), pathService: new PathServiceAdapter(service));
        await using (lab)
        {
            await lab.StartAndDiscoverAsync();
            BandwidthReservation r = service.Reserve(lab.Controller.Topology, 1, 3, 100).Reservation!;
            SwitchPort first = r.Path.Path.Links[0].Source;

            lab.Network.Cut(lab.Port("s1", first.PortNo));
            await lab.SettleAsync();

            BandwidthReservation moved = Assert.Single(service.Reservations);
            Assert.Equal(ReservationStatus.Active, moved.Status);
            Assert.Equal(1, moved.Reroutes);
            Assert.DoesNotContain(moved.Path.Path.Links, l => l.Source == first);
            Assert.Equal(0, service.ReservedMbps(first));
        }
    }

    /// <summary>The square ring with h1 → h3 installed along s1 → s2 → s3 (the tie goes to the lower dpid).</summary>
    private static async Task<Lab> StartSquareWithFlowAsync()
    {
        Lab lab = await Lab.StartAsync(TestTopologies.Square());
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 1));
        Assert.Equal([2u], Assert.Single(lab.Switch("s1").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue)).OutputPorts);
        Assert.Equal([2u], Assert.Single(lab.Switch("s2").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue)).OutputPorts);
        return lab;
    }
}
