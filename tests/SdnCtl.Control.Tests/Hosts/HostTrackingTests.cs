using System.Net;
using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tests.Discovery;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Hosts;

public class HostTrackingTests
{
    [Fact]
    public async Task Arp_FromEdgePort_LearnsHostWithAddressAndAttachment()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        FakeHost h2 = lab.Host("h2");

        await lab.SendAsync("h2", Frames.GratuitousArp(h2.Mac, h2.Ipv4));

        HostInfo host = Assert.Single(lab.Topology.Hosts);
        Assert.Equal(h2.Mac, host.Mac);
        Assert.Equal(lab.Port("s2", 1), host.Attachment);
        Assert.Equal([IPAddress.Parse("10.0.0.2")], host.Ipv4Addresses.ToArray());
        Assert.Equal(lab.Time.GetUtcNow(), host.FirstSeen);
    }

    [Fact]
    public async Task Ipv4_FromEdgePort_LearnsSourceHost()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));

        HostInfo host = Assert.Single(lab.Topology.Hosts);
        Assert.Equal(h1.Mac, host.Mac);
        Assert.Equal([IPAddress.Parse("10.0.0.1")], host.Ipv4Addresses.ToArray());
    }

    [Fact]
    public async Task PacketIn_FromInterSwitchPort_LearnsNothing()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        // A frame in transit (its rule not there yet) reaches the controller from s2's link port.
        lab.Controller.PacketInReceived(lab.Switch("s2"), new PacketIn
        {
            Match = [OxmEntry.InPort(2)],
            Data = Frames.Ipv4(h1, h3),
        });
        await lab.SettleAsync();

        Assert.Empty(lab.Topology.Hosts);
    }

    [Fact]
    public async Task HostMoves_ToAnotherEdgePort_PublishesMoveAndFlowsFollowIt()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.LinearWithSparePorts());
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h3", Frames.Ipv4(h3, h1, id: 1));
        Assert.Equal(3, lab.Switch("s1").Table.WithCookieApp(FlowCookies.Forwarding(h1.Mac), ulong.MaxValue).Count()
            + lab.Switch("s2").Table.WithCookieApp(FlowCookies.Forwarding(h1.Mac), ulong.MaxValue).Count()
            + lab.Switch("s3").Table.WithCookieApp(FlowCookies.Forwarding(h1.Mac), ulong.MaxValue).Count());
        using NetworkEventSubscription events = lab.Controller.Subscribe();

        // A second later, h1 is recabled to s3's spare port and speaks.
        await lab.AdvanceAsync(TimeSpan.FromSeconds(1));
        lab.Network.MoveHost("h1", lab.Port("s3", 4));
        await lab.SendAsync("h1", Frames.GratuitousArp(h1.Mac, h1.Ipv4));

        Assert.Equal(lab.Port("s3", 4), lab.Topology.FindHost(h1.Mac)!.Attachment);
        HostMovedEvent moved = Assert.Single(LinkDiscoveryTests.Drain(events).OfType<HostMovedEvent>());
        Assert.Equal((lab.Port("s1", 1), lab.Port("s3", 4)), (moved.From, moved.To));

        // Traffic from h3 entered at s3, which is now h1's switch: only s3 keeps a rule, pointing at the new port.
        Assert.Empty(lab.Switch("s1").Table.WithCookieApp(FlowCookies.Forwarding(h1.Mac), ulong.MaxValue));
        Assert.Empty(lab.Switch("s2").Table.WithCookieApp(FlowCookies.Forwarding(h1.Mac), ulong.MaxValue));
        FakeFlow rule = Assert.Single(lab.Switch("s3").Table.WithCookieApp(FlowCookies.Forwarding(h1.Mac), ulong.MaxValue));
        Assert.Equal([4u], rule.OutputPorts);

        h1.ClearReceived();
        long packetIns = lab.Network.PacketInsDelivered;
        await lab.SendAsync("h3", Frames.Ipv4(h3, h1, id: 2));
        Assert.Single(h1.Received);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
    }

    [Fact]
    public async Task LinkDiscovered_OnPortWithLearnedHost_ForgetsTheHost()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.LinearWithSparePorts());

        // Before LLDP sees a new cable, traffic over it looks like a host on an edge port.
        lab.Controller.PacketInReceived(lab.Switch("s1"), new PacketIn
        {
            Match = [OxmEntry.InPort(4)],
            Data = Frames.GratuitousArp(0x0a, FakeNetwork.Ip("10.9.9.9")),
        });
        await lab.SettleAsync();
        Assert.NotNull(lab.Topology.FindHost(0x0a));

        lab.Network.Wire(lab.Port("s1", 4), lab.Port("s3", 4));
        await lab.Controller.ProbeLinksAsync();
        await lab.SettleAsync();

        Assert.Null(lab.Topology.FindHost(0x0a));
        Assert.Equal(6, lab.Topology.Links.Length);
    }

    [Fact]
    public async Task ManyHostsLearnedOneByOne_EachSnapshotHoldsExactlyTheHostsOfItsVersion()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.LinearWithSparePorts());
        var snapshots = new List<TopologySnapshot>();

        // 300 hosts behind s1's spare port, in descending MAC order, one packet-in (and one snapshot) each.
        for (int i = 300; i >= 1; i--)
        {
            lab.Controller.PacketInReceived(lab.Switch("s1"), new PacketIn
            {
                Match = [OxmEntry.InPort(4)],
                Data = Frames.GratuitousArp(0x0200_0000_1000UL + (ulong)i, FakeNetwork.Ip("10.1.0.0") + (uint)i),
            });
            await lab.SettleAsync();
            snapshots.Add(lab.Topology);
        }

        lab.Controller.PacketInReceived(lab.Switch("s3"), new PacketIn
        {
            Match = [OxmEntry.InPort(4)],
            Data = Frames.GratuitousArp(0x0200_0000_1000UL + 7, FakeNetwork.Ip("10.1.0.7")),
        });
        await lab.SettleAsync();
        Assert.True(await lab.Controller.RemoveHostAsync(0x0200_0000_1000UL + 9));
        await lab.SettleAsync();

        // Older snapshots are untouched by later learning, moves and removals, and list their hosts in MAC order.
        for (int k = 0; k < snapshots.Count; k++)
        {
            var expected = Enumerable.Range(300 - k, k + 1).Select(i => 0x0200_0000_1000UL + (ulong)i).ToArray();
            Assert.Equal(expected, snapshots[k].Hosts.Select(h => h.Mac).ToArray());
            Assert.Equal(expected.Length, snapshots[k].HostCount);
        }

        TopologySnapshot last = lab.Topology;
        Assert.Equal(299, last.Hosts.Length);
        Assert.Null(last.FindHost(0x0200_0000_1000UL + 9));
        Assert.Equal(lab.Port("s3", 4), last.FindHost(0x0200_0000_1000UL + 7)!.Attachment);
        Assert.Equal(lab.Port("s1", 4), snapshots[^1].FindHost(0x0200_0000_1000UL + 7)!.Attachment);
        Assert.Equal(lab.Port("s1", 4), last.FindHost(0x0200_0000_1000UL + 8)!.Attachment);
    }

    [Fact]
    public async Task DeclaredHost_LearnedByMac_GetsItsNameFromTheDocument()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3), declare: true);

        await lab.AnnounceAllHostsAsync();

        Assert.Equal(["h1", "h2", "h3"], lab.Topology.Hosts.Select(h => h.Name));
        Assert.Equal(["s1", "s2", "s3"], lab.Topology.Switches.Select(s => s.Name));
    }

    [Fact]
    public async Task RemoveHostAsync_LearnedHost_ForgetsItAndDeletesRulesTowardIt()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));

        bool removed = await lab.Controller.RemoveHostAsync(h3.Mac);
        await lab.SettleAsync();

        Assert.True(removed);
        Assert.Null(lab.Topology.FindHost(h3.Mac));
        Assert.All(lab.Network.Switches.Values, s => Assert.Empty(s.Table.WithCookieApp(FlowCookies.ForwardingApplication, FlowCookies.ApplicationMask)));
        Assert.False(await lab.Controller.RemoveHostAsync(h3.Mac));
    }
}
