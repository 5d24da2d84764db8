using SdnCtl.Control.Packets;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Forwarding;

public class ArpAndFloodTests
{
    [Fact]
    public async Task ArpRequest_ForLearnedHost_AnsweredByControllerWithCorrectReply()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h3", Frames.GratuitousArp(h3.Mac, h3.Ipv4));
        lab.ClearInboxes();
        lab.Switch("s1").ClearSent();

        await lab.SendAsync("h1", Frames.ArpRequest(h1.Mac, h1.Ipv4, h3.Ipv4));

        byte[] reply = Assert.Single(h1.Received);
        Assert.True(EthernetHeader.TryRead(reply, out EthernetHeader eth));
        Assert.Equal((h1.Mac, h3.Mac, EtherTypes.Arp), (eth.Destination, eth.Source, eth.EtherType));
        Assert.True(ArpPacket.TryRead(reply.AsSpan(EthernetHeader.Size), out ArpPacket arp));
        Assert.Equal(new ArpPacket(ArpPacket.Reply, h3.Mac, h3.Ipv4, h1.Mac, h1.Ipv4), arp);
        Assert.Equal(42, reply.Length);

        // Answered at the asking port only; the request went nowhere else.
        PacketOut sent = Assert.Single(lab.Switch("s1").PacketOuts);
        Assert.Equal(OfpPortNo.Controller, sent.InPort);
        Assert.Equal(1u, Assert.Single(sent.Actions).Port);
        Assert.Empty(h3.Received);
        Assert.Empty(lab.Host("h2").Received);
        Assert.Equal(1, lab.Controller.Stats.ProxyArpReplies);
    }

    [Fact]
    public async Task ArpRequest_ForUnknownTarget_FloodedOnlyOutOfEdgePorts()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.LinearWithSparePorts());
        lab.ClearSent();

        FakeHost h1 = lab.Host("h1");
        await lab.SendAsync("h1", Frames.ArpRequest(h1.Mac, h1.Ipv4, FakeNetwork.Ip("10.0.0.99")));

        // Host and spare ports only: never a port with a link, never the port it came in on.
        Assert.Equal([3u, 4u], FloodPorts(lab.Switch("s1")));
        Assert.Equal([1u, 4u], FloodPorts(lab.Switch("s2")));
        Assert.Equal([1u, 3u, 4u], FloodPorts(lab.Switch("s3")));
        Assert.Single(lab.Host("h2").Received);
        Assert.Single(lab.Host("h3").Received);
        Assert.Empty(h1.Received);
        Assert.Equal(0, lab.Network.LoopedFrames);
    }

    [Fact]
    public async Task Broadcast_InFatTree_ReachesEveryOtherHostExactlyOnce()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.FatTree(4));
        long packetIns = lab.Network.PacketInsDelivered;
        FakeHost first = lab.Network.Hosts.Values.First();

        await lab.SendAsync(first.Name, Frames.ArpRequest(first.Mac, first.Ipv4, FakeNetwork.Ip("10.99.99.99")));

        Assert.All(lab.Network.Hosts.Values.Where(h => h != first), h => Assert.Single(h.Received));
        Assert.Empty(first.Received);
        Assert.Equal(packetIns + 1, lab.Network.PacketInsDelivered);
        Assert.Equal(0, lab.Network.LoopedFrames);
    }

    [Fact]
    public async Task GratuitousArp_WithProxyArp_IsLearnedButNotFlooded()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.FatTree(4));
        FakeHost first = lab.Network.Hosts.Values.First();

        await lab.SendAsync(first.Name, Frames.GratuitousArp(first.Mac, first.Ipv4));

        Assert.All(lab.Network.Hosts.Values, h => Assert.Empty(h.Received));
        Assert.NotNull(lab.Topology.FindHost(first.Mac));
        Assert.Equal(0, lab.Controller.Stats.Floods);
    }

    [Fact]
    public async Task FloodEcho_OverUndiscoveredCable_IsDroppedNotFloodedAgain()
    {
        // s1:4 and s3:4 are cabled but LLDP has not run since, so both look like edge ports.
        await using Lab lab = await Lab.StartAsync(TestTopologies.LinearWithSparePorts());
        lab.Network.Wire(lab.Port("s1", 4), lab.Port("s3", 4));
        FakeHost h1 = lab.Host("h1");

        await lab.SendAsync("h1", Frames.ArpRequest(h1.Mac, h1.Ipv4, FakeNetwork.Ip("10.0.0.99")));

        // The copies that came back up over the cable were recognised and not flooded again,
        // and did not make h1 look like it lives at s3:4.
        Assert.Equal(2, lab.Controller.Stats.FloodEchoesDropped);
        Assert.Equal(1, lab.Controller.Stats.Floods);
        Assert.Equal(lab.Port("s1", 1), lab.Topology.FindHost(h1.Mac)!.Attachment);
    }

    private static uint[] FloodPorts(FakeSwitch s) =>
        [.. Assert.Single(s.PacketOuts).Actions.Select(a => a.Port).Order()];
}
