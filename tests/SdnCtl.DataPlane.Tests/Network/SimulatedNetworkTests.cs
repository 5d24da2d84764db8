using System.Net;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Switch;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Network;

/// <summary>
/// The network without a controller: flows are installed by hand (<see cref="HandController"/>),
/// and waiting is on completions (ping replies, <see cref="SimulatedNetwork.WhenIdleAsync"/>) with
/// timeouts only as failure guards.
/// </summary>
public sealed class SimulatedNetworkTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    // Long enough never to fire on a working path; only the failure cases wait for it.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(30);

    // For pings that are expected to fail: this is the wait itself, not a synchronisation.
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Constructor_Linear3_BuildsSwitchesLinksAndHostsFromTheTopology()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));

        Assert.Equal(["s1", "s2", "s3"], net.Inventory.Switches);
        Assert.Equal(["h1", "h2", "h3"], net.Inventory.Hosts);
        Assert.Equal(["s1:2-s2:2", "s2:3-s3:2"], net.Inventory.Links);
        Assert.Equal([1UL, 2UL, 3UL], net.Switches.Select(s => s.DatapathId));
        var s2 = net.Switches[1];
        var ports = await OnSwitch(s2, () => s2.Pipeline.PortList.Select(p => (p.Number, p.Name, p.HwAddr, p.CurrSpeed)).ToList());
        Assert.Equal(
            [(1u, "s2-eth1", 0x0200_0002_0001UL, 10_000_000u), (2u, "s2-eth2", 0x0200_0002_0002UL, 1_000_000u), (3u, "s2-eth3", 0x0200_0002_0003UL, 1_000_000u)],
            ports);
        Assert.Equal(SimulatedNetwork.PortMac(2, 3), ports[2].HwAddr);
        var link = net.Links[0];
        Assert.Equal(new PortRef("s1", 2), link.A);
        Assert.Equal(LinkSpec.DefaultBandwidthMbps, link.BandwidthMbps);
        Assert.Equal(LinkSpec.DefaultLatencyMs, link.LatencyMs);
        Assert.True(link.IsUp);
        var h3 = net.Hosts[2];
        Assert.Equal(new PortRef("s3", 1), h3.Attachment);
        Assert.Equal(IPAddress.Parse("10.0.0.3"), h3.Ipv4);
        Assert.Equal(3UL, h3.Mac);
    }

    [Theory]
    [InlineData("s2")]
    [InlineData("2")]
    [InlineData("0x2")]
    [InlineData("00:00:00:00:00:00:00:02")]
    public async Task Inventory_FindSwitch_ByNameOrDatapathIdForms(string text)
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));

        Assert.Same(net.Switches[1], net.Inventory.FindSwitch(text));
        Assert.Equal("s2", net.Inventory.NameOf(net.Switches[1]));
    }

    [Fact]
    public async Task Inventory_FindHost_ByNameOrAddress()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));

        Assert.Same(net.Hosts[1], net.Inventory.FindHost("h2"));
        Assert.Same(net.Hosts[1], net.Inventory.FindHost("10.0.0.2"));
        Assert.Null(net.Inventory.FindHost("h9"));
        Assert.Null(net.Inventory.FindSwitch("s9"));
    }

    [Fact]
    public void Constructor_HostOnMissingPort_ThrowsNamingIt()
    {
        var doc = TopologyGenerators.Linear(2);
        var bad = doc with { Hosts = [.. doc.Hosts, new HostSpec("h9", 9, IPAddress.Parse("10.0.0.9"), 8, new PortRef("s1", 7))] };

        var e = Assert.Throws<ArgumentException>(() => new SimulatedNetwork(bad));
        Assert.Contains("h9", e.Message, StringComparison.Ordinal);
        Assert.Contains("port 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TwoHostsOnOnePort_Throws()
    {
        var doc = TopologyGenerators.Linear(2);
        var bad = doc with { Hosts = [.. doc.Hosts, new HostSpec("h9", 9, IPAddress.Parse("10.0.0.9"), 8, new PortRef("s1", 1))] };

        var e = Assert.Throws<ArgumentException>(() => new SimulatedNetwork(bad));
        Assert.Contains("s1:1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_Linear3WithL2Rules_RepliesAndReportsTheExactPaths()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();

        var result = await net.PingAsync("h1", "h3", PingTimeout).WaitAsync(Guard);

        Assert.Equal(PingStatus.Replied, result.Status);
        Assert.Equal(["s1:1->2", "s2:2->3", "s3:2->1"], result.Path);
        Assert.Equal(["s3:1->2", "s2:3->2", "s1:2->1"], result.ReplyPath);
        Assert.NotNull(result.RoundTripTime);
        Assert.Null(result.Detail);
    }

    [Fact]
    public async Task Ping_HostsOnTheSameSwitch_PathIsOneHop()
    {
        var doc = TopologyGenerators.Tree(1, 2);
        await using var net = new SimulatedNetwork(doc);
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();

        var result = await net.PingAsync("h1", "h2", PingTimeout).WaitAsync(Guard);

        Assert.Equal(PingStatus.Replied, result.Status);
        Assert.Equal(["s1:1->2"], result.Path);
        Assert.Equal(["s1:2->1"], result.ReplyPath);
    }

    [Fact]
    public async Task Ping_DestinationNotCached_ResolvesByArpFirstThenUsesTheCache()
    {
        // No ARP retry within the test: on a loaded machine the first reply can take longer than the
        // default 1 s retry interval, and a second request would make the count below depend on timing.
        await using var net = new SimulatedNetwork(
            TopologyGenerators.Linear(3),
            new SimulatedNetworkOptions { ConfigureHost = _ => new SimulatedHostOptions { ArpRetryInterval = TimeSpan.FromMinutes(5) } });
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();
        var h1 = net.Inventory.FindHost("h1")!;
        var h3 = net.Inventory.FindHost("h3")!;
        Assert.False(h1.TryGetArpEntry(h3.Ipv4Address, out _));

        var first = await net.PingAsync("h1", "h3", PingTimeout).WaitAsync(Guard);
        var second = await net.PingAsync("h1", "10.0.0.3", PingTimeout).WaitAsync(Guard);

        Assert.Equal(PingStatus.Replied, first.Status);
        Assert.Equal(PingStatus.Replied, second.Status);
        Assert.True(h1.TryGetArpEntry(h3.Ipv4Address, out ulong mac));
        Assert.Equal(h3.Mac, mac);
        // h3 learned h1 from the request addressed to it (RFC 826), so it needed no ARP of its own.
        Assert.True(h3.TryGetArpEntry(h1.Ipv4Address, out _));
        Assert.Equal(1, h1.Counters.ArpRequestsSent);
        Assert.Equal(1, h3.Counters.ArpRepliesSent);
        Assert.Equal(0, h3.Counters.ArpRequestsSent);
        Assert.Equal(2, h3.Counters.IcmpEchoRequestsReceived);
        Assert.Equal(2, h1.Counters.IcmpEchoRepliesReceived);
    }

    [Fact]
    public async Task Ping_UnknownHosts_ReturnUnknownHost()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));

        var unknownSource = await net.PingAsync("h9", "h1", PingTimeout);
        var unknownDestination = await net.PingAsync("h1", "nobody", PingTimeout);

        Assert.Equal(PingStatus.UnknownHost, unknownSource.Status);
        Assert.Contains("h9", unknownSource.Detail, StringComparison.Ordinal);
        Assert.Equal(PingStatus.UnknownHost, unknownDestination.Status);
        Assert.Empty(unknownDestination.Path);
    }

    [Fact]
    public async Task Ping_NoRulesInstalled_TimesOutWithTheDropVisibleInThePath()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));
        var h1 = net.Inventory.FindHost("h1")!;
        // Skip ARP so the echo request itself is what dies at s1 (no table-miss entry: dropped).
        h1.Receive(FrameBuilder.ArpReply(2, net.Inventory.FindHost("h2")!.Ipv4Address, h1.Mac, h1.Ipv4Address));

        var result = await net.PingAsync("h1", "h2", ShortTimeout).WaitAsync(Guard);

        Assert.Equal(PingStatus.TimedOut, result.Status);
        Assert.Equal(["s1:1->drop"], result.Path);
        Assert.Empty(result.ReplyPath);
        Assert.Null(result.RoundTripTime);
    }

    [Fact]
    public async Task Ping_NoArpAnswer_TimesOutSayingSo()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));

        var result = await net.PingAsync("h1", "h2", ShortTimeout).WaitAsync(Guard);

        Assert.Equal(PingStatus.TimedOut, result.Status);
        Assert.Contains("ARP", result.Detail, StringComparison.Ordinal);
        Assert.Empty(result.Path);
    }

    [Fact]
    public async Task SetLinkState_CutThenRestore_PingTimesOutThenRepliesAgain()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();
        Assert.Equal(PingStatus.Replied, (await net.PingAsync("h1", "h3", PingTimeout).WaitAsync(Guard)).Status);

        var cut = await net.SetLinkStateAsync("s1", "s2", up: false).WaitAsync(Guard);
        var duringCut = await net.PingAsync("h1", "h3", ShortTimeout).WaitAsync(Guard);
        var restore = await net.SetLinkStateAsync("s2", "s1", up: true).WaitAsync(Guard);
        var afterRestore = await net.PingAsync("h1", "h3", PingTimeout).WaitAsync(Guard);

        Assert.True(cut.Found);
        Assert.Equal(["s1:2-s2:2"], cut.Links);
        Assert.Equal(["s1:2-s2:2"], cut.Changed);
        Assert.False(cut.Up);
        Assert.Equal(PingStatus.TimedOut, duringCut.Status);
        // s1's output port is down, so the pipeline drops the request before it reaches the link.
        Assert.Equal(["s1:1->drop"], duringCut.Path);
        Assert.True(restore.Found);
        Assert.Equal(["s1:2-s2:2"], restore.Changed);
        Assert.Equal(PingStatus.Replied, afterRestore.Status);
        Assert.Equal(["s1:1->2", "s2:2->3", "s3:2->1"], afterRestore.Path);
    }

    [Fact]
    public async Task SetLinkState_Cut_BothSwitchesReportThePortDownWithPortStatus()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));
        var controller = new HandController(net);
        await controller.SyncAsync();

        await net.SetLinkStateAsync("1", "0x2", up: false).WaitAsync(Guard);

        foreach (string name in new[] { "s1", "s2" })
        {
            var status = Assert.Single(controller.Channel(name).OfType<PortStatus>());
            Assert.Equal(PortReason.Modify, status.Reason);
            Assert.Equal(2u, status.Port.PortNo);
            Assert.True(status.Port.State.HasFlag(PortState.LinkDown), name);
            Assert.False(status.Port.State.HasFlag(PortState.Live), name);
        }

        Assert.Empty(controller.Channel("s3").OfType<PortStatus>());
        controller.Channel("s1").Clear();

        await net.SetLinkStateAsync("s2", "s1", up: true).WaitAsync(Guard);

        var restored = Assert.Single(controller.Channel("s1").OfType<PortStatus>());
        Assert.False(restored.Port.State.HasFlag(PortState.LinkDown));
        Assert.True(restored.Port.State.HasFlag(PortState.Live));
    }

    [Fact]
    public async Task SetLinkState_AlreadyInThatState_FoundButNothingChangedAndNoPortStatus()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));
        var controller = new HandController(net);
        await controller.SyncAsync();

        var result = await net.SetLinkStateAsync("s1", "s2", up: true).WaitAsync(Guard);

        Assert.True(result.Found);
        Assert.Equal(["s1:2-s2:2"], result.Links);
        Assert.Empty(result.Changed);
        Assert.Empty(controller.Channel("s1").OfType<PortStatus>());
    }

    [Theory]
    [InlineData("s1", "s3", "no link joins s1 and s3")]
    [InlineData("s1", "s9", "'s9'")]
    public async Task SetLinkState_NoSuchLink_ReturnsNotFound(string a, string b, string detail)
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));

        var result = await net.SetLinkStateAsync(a, b, up: false);

        Assert.False(result.Found);
        Assert.Empty(result.Links);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
        Assert.All(net.Links, l => Assert.True(l.IsUp));
    }

    [Fact]
    public async Task SetLinkState_Cut_DropsFramesInBothDirectionsAndCountsThem()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));
        var controller = new HandController(net);
        controller.FloodEverything();
        await controller.SyncAsync();
        await net.SetLinkStateAsync("s1", "s2", up: false);
        var link = net.Links[0];

        // Each switch floods a frame from its host; the cut port is down, so the pipeline drops it.
        net.Hosts[0].Send(BroadcastFrame(net.Hosts[0].Mac));
        net.Hosts[1].Send(BroadcastFrame(net.Hosts[1].Mac));
        await net.WhenIdleAsync().WaitAsync(Guard);

        Assert.Equal(0, link.AToB.Frames);
        Assert.Equal(0, link.BToA.Frames);
        Assert.Equal(0, net.Hosts[0].Counters.BroadcastFramesReceived);
        Assert.Equal(0, net.Hosts[1].Counters.BroadcastFramesReceived);
    }

    [Fact]
    public async Task LinkCounters_AfterPing_CountEachDirection()
    {
        // No ARP retry within the test (as in Ping_DestinationNotCached_…): with the default 1 s retry, a
        // reply slower than that on a loaded machine sends a second request and the exact counts break.
        await using var net = new SimulatedNetwork(
            TopologyGenerators.Linear(2),
            new SimulatedNetworkOptions { ConfigureHost = _ => new SimulatedHostOptions { ArpRetryInterval = TimeSpan.FromMinutes(5) } });
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();

        Assert.Equal(PingStatus.Replied, (await net.PingAsync("h1", "h2", PingTimeout).WaitAsync(Guard)).Status);
        await net.WhenIdleAsync().WaitAsync(Guard);

        // s1 -> s2: ARP request (42 bytes) and echo request (74); s2 -> s1: ARP reply (42) and echo reply (74).
        var link = net.Links[0];
        Assert.Equal(2, link.AToB.Frames);
        Assert.Equal(42 + 74, link.AToB.Bytes);
        Assert.Equal(2, link.BToA.Frames);
        Assert.Equal(42 + 74, link.BToA.Bytes);
        Assert.Equal(0, link.AToB.Dropped);
    }

    [Fact]
    public async Task Broadcast_WithFloodRules_EveryOtherHostSeesItOnce()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Tree(2, 2));
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();

        net.Hosts[0].Send(BroadcastFrame(net.Hosts[0].Mac));
        await net.WhenIdleAsync().WaitAsync(Guard);

        Assert.Equal([0L, 1L, 1L, 1L], net.Hosts.Select(h => h.Counters.BroadcastFramesReceived));
    }

    [Fact]
    public async Task FloodRuleOnARing_BroadcastLoopEndsAtTheHopLimit_WithExactCounts()
    {
        const int MaxHops = 9;
        await using var net = new SimulatedNetwork(TestTopologies.Ring3(), new SimulatedNetworkOptions { MaxHops = MaxHops });
        var controller = new HandController(net);
        controller.FloodEverything();
        await controller.SyncAsync();

        net.Hosts[0].Send(BroadcastFrame(net.Hosts[0].Mac));
        await net.WhenIdleAsync().WaitAsync(Guard);

        // One copy circles each way; every switch it enters floods it on (one more hop) and to its
        // host, until a copy would cross its tenth switch.
        Assert.Equal(2 * MaxHops, net.Links.Sum(l => l.AToB.Frames + l.BToA.Frames));
        Assert.Equal(4, net.Counters.HopLimitDrops);
        Assert.Equal([4L, 6L, 6L], net.Hosts.Select(h => h.Counters.BroadcastFramesReceived));
    }

    [Fact]
    public async Task FloodRuleOnARing_LongLoop_NeitherOverflowsTheStackNorHangs()
    {
        const int MaxHops = 50_000;
        await using var net = new SimulatedNetwork(TestTopologies.Ring3(), new SimulatedNetworkOptions { MaxHops = MaxHops });
        var controller = new HandController(net);
        controller.FloodEverything();
        await controller.SyncAsync();

        net.Hosts[0].Send(BroadcastFrame(net.Hosts[0].Mac));
        await net.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2 * MaxHops, net.Links.Sum(l => l.AToB.Frames + l.BToA.Frames));
        Assert.Equal(4, net.Counters.HopLimitDrops);
    }

    [Fact]
    public async Task Dispose_DuringAStorm_StopsDelivering()
    {
        var net = new SimulatedNetwork(TestTopologies.Ring3(), new SimulatedNetworkOptions { MaxHops = int.MaxValue });
        var controller = new HandController(net);
        controller.FloodEverything();
        await controller.SyncAsync();
        net.Hosts[0].Send(BroadcastFrame(net.Hosts[0].Mac));

        await net.DisposeAsync();
        await net.WhenIdleAsync().WaitAsync(Guard);
        long sent = net.Counters.FramesSent;
        net.Hosts[0].Send(BroadcastFrame(net.Hosts[0].Mac));

        Assert.Equal(sent, net.Counters.FramesSent);
    }

    [Fact]
    public async Task Udp_ThroughTheNetwork_IsEchoedOnceAndNotBouncedForever()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();
        var h1 = net.Inventory.FindHost("h1")!;
        var h3 = net.Inventory.FindHost("h3")!;

        bool sent = await h1.SendUdpAsync(h3.Ipv4Address, 40000, 5000, "hello"u8.ToArray(), PingTimeout).WaitAsync(Guard);
        await net.WhenIdleAsync().WaitAsync(Guard);

        Assert.True(sent);
        Assert.Equal(1, h3.Counters[HostCounter.UdpReceived]);
        Assert.Equal(1, h3.Counters[HostCounter.UdpEchoed]);
        Assert.Equal(1, h1.Counters[HostCounter.UdpReceived]);
        Assert.Equal(0, h1.Counters[HostCounter.UdpEchoed]);
    }

    [Fact]
    public async Task Trace_FromHostWithL2Rules_FollowsTheFrameToItsDestination()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(3));
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();
        var h1 = net.Hosts[0];
        var h3 = net.Hosts[2];
        var frame = FrameBuilder.IcmpEcho(new L2Header(h1.Mac, h3.Mac), h1.Ipv4Address, h3.Ipv4Address, reply: false, 1, 1);

        var trace = await net.TraceAsync("h1", 0, frame).WaitAsync(Guard);

        Assert.Equal(["s1", "s2", "s3"], trace.Hops.Select(h => h.Switch));
        Assert.Equal([1u, 2u, 2u], trace.Hops.Select(h => h.InPort));
        Assert.Equal([0, 1, 2], trace.Hops.Select(h => h.Depth));
        Assert.All(trace.Hops, h => Assert.Contains(h.Steps, s => s.Kind == "lookup" && s.Priority == 10));
        Assert.Equal(["s2:2", "s3:2", "host h3"], trace.Hops.Select(h => Assert.Single(h.Outputs).Destination));
        Assert.Equal(["h3"], trace.ReachedHosts);
        Assert.False(trace.Truncated);
        Assert.Contains("s2 (dpid 0000000000000002) in_port=2", trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_TableMiss_ShowsTheDropAtTheFirstSwitch()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));

        var trace = await net.TraceAsync("s1", 1, BroadcastFrame(1)).WaitAsync(Guard);

        var hop = Assert.Single(trace.Hops);
        Assert.True(hop.Dropped);
        Assert.Contains(hop.Steps, s => s.Kind == "miss");
    }

    [Fact]
    public async Task Trace_AcrossACutLink_ReportsTheLinkDown()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));
        var controller = new HandController(net);
        controller.InstallShortestPathL2();
        await controller.SyncAsync();
        await net.SetLinkStateAsync("s1", "s2", up: false);
        // s2's rule for h1 outputs to port 2, whose link is down: the switch itself drops the frame.
        var frame = FrameBuilder.IcmpEcho(new L2Header(2, 1), 0x0a000002, 0x0a000001, reply: false, 1, 1);

        var trace = await net.TraceAsync("h2", 0, frame).WaitAsync(Guard);

        var hop = Assert.Single(trace.Hops);
        Assert.True(hop.Dropped);
        Assert.Contains(hop.Steps, s => s.Kind == "drop" && s.Description.Contains("down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trace_FloodOnARing_StopsWhenTheFrameComesBackAround()
    {
        await using var net = new SimulatedNetwork(TestTopologies.Ring3());
        var controller = new HandController(net);
        controller.FloodEverything();
        await controller.SyncAsync();

        var trace = await net.TraceAsync("h1", 0, BroadcastFrame(1)).WaitAsync(Guard);

        Assert.False(trace.Truncated);
        Assert.Contains(trace.Hops.SelectMany(h => h.Outputs), o => o.Kind == NetworkTraceOutputKind.Loop);
        Assert.Equal(["h1", "h2", "h3"], trace.ReachedHosts.Distinct().Order());
    }

    [Fact]
    public async Task Trace_UnknownOrigin_Throws()
    {
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(2));

        await Assert.ThrowsAsync<ArgumentException>(() => net.TraceAsync("nowhere", 1, BroadcastFrame(1)));
    }

    private static byte[] BroadcastFrame(ulong source)
    {
        // An IEEE local experimental ethertype: hosts count it and answer nothing.
        var frame = new byte[60];
        FrameBuilder.WriteEthernet(frame, new L2Header(source, L2Header.Broadcast), 0x88b5);
        return frame;
    }

    private static async Task<T> OnSwitch<T>(SimulatedSwitch sw, Func<T> read)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        sw.Post(() => result.SetResult(read()));
        return await result.Task.WaitAsync(Guard);
    }
}
