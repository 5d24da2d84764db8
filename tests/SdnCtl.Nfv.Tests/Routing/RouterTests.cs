using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketDotNet;
using SdnCtl.Nfv.Routing;
using SdnCtl.Nfv.Tests.Support;
using static SdnCtl.Nfv.Tests.Support.TestFrames;

namespace SdnCtl.Nfv.Tests.Routing;

public sealed class RouterTests
{
    private const ulong LanMac = 0x02_00_00_00_02_01;
    private const ulong WanMac = 0x02_00_00_00_02_02;
    private const ulong HostA = 0x02_00_00_00_00_0A;
    private const ulong HostB = 0x02_00_00_00_00_0B;
    private const ulong Upstream1 = 0x02_00_00_00_00_E1;
    private const ulong Upstream2 = 0x02_00_00_00_00_E2;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();
    private readonly RouterAppliance _router;

    public RouterTests()
    {
        var options = new RouterOptions
        {
            Name = "r1",
            Interfaces =
            [
                new() { Name = "lan", Mac = "02:00:00:00:02:01", Address = "10.0.0.1/24" },
                new() { Name = "wan", Mac = "02:00:00:00:02:02", Address = "192.0.2.1/24" },
            ],
            Routes =
            [
                new() { Destination = "10.2.0.0/16", NextHop = "192.0.2.11" },
                new() { Destination = "10.2.3.0/24", NextHop = "192.0.2.12" },
                new() { Destination = "0.0.0.0/0", NextHop = "192.0.2.13" },
            ],
        };
        _router = (RouterAppliance)new RouterKind().Create(options, _time);
    }

    private FrameDisposition Send(int ingress, byte[] frame)
    {
        _sink.Clear();
        return _router.Process(ingress, frame, _sink);
    }

    /// <summary>A host on the segment asks for its gateway, which makes the router learn it.</summary>
    private void Introduce(int iface, ulong mac, string ip) =>
        Send(iface, Arp(1, mac, ip, 0, iface == 0 ? "10.0.0.1" : "192.0.2.1"));

    [Fact]
    public void Process_ArpRequestForGateway_IsAnsweredWithTheInterfaceMac()
    {
        Assert.Equal(FrameDisposition.Answered, Send(0, Arp(1, HostA, "10.0.0.5", 0, "10.0.0.1")));
        (int iface, Packet packet) = _sink.TakeSingle();
        Assert.Equal(0, iface);
        var arp = packet.Extract<ArpPacket>();
        Assert.Equal(ArpOperation.Response, arp.Operation);
        Assert.Equal("020000000201", arp.SenderHardwareAddress.ToString());
        Assert.Equal(IPAddress.Parse("10.0.0.1"), arp.SenderProtocolAddress);
        Assert.Equal("02000000000A", arp.TargetHardwareAddress.ToString());
        Assert.Equal(IPAddress.Parse("10.0.0.5"), arp.TargetProtocolAddress);
    }

    [Theory]
    [InlineData(0, "10.0.0.9")]
    [InlineData(1, "10.0.0.1")]
    public void Process_ArpRequestForAnotherAddress_IsNotAnswered(int iface, string target)
    {
        Assert.Equal(FrameDisposition.Dropped, Send(iface, Arp(1, HostA, iface == 0 ? "10.0.0.5" : "192.0.2.5", 0, target)));
        Assert.Empty(_sink.Frames);
    }

    [Fact]
    public void Process_PingToGateway_IsAnswered()
    {
        Assert.Equal(FrameDisposition.Answered, Send(0, Icmp(HostA, LanMac, "10.0.0.5", "10.0.0.1", 8, id: 9, sequence: 3)));
        (int iface, Packet packet) = _sink.TakeSingle();
        Assert.Equal(0, iface);
        var ip = packet.Extract<IPv4Packet>();
        var icmp = packet.Extract<IcmpV4Packet>();
        Assert.True(ip.ValidIPChecksum);
        Assert.Equal(IcmpV4TypeCode.EchoReply, icmp.TypeCode);
        Assert.Equal((9, 3), (icmp.Id, icmp.Sequence));
        Assert.Equal(IPAddress.Parse("10.0.0.5"), ip.DestinationAddress);
    }

    [Fact]
    public void Process_UnresolvedNextHop_QueuesSendsArpAndForwardsOnReply()
    {
        Assert.Equal(FrameDisposition.Queued, Send(0, Udp(HostA, LanMac, "10.0.0.5", 5000, "192.0.2.77", 53, ttl: 64)));
        (int iface, Packet request) = _sink.TakeSingle();
        Assert.Equal(1, iface);
        var arp = request.Extract<ArpPacket>();
        Assert.Equal(ArpOperation.Request, arp.Operation);
        Assert.Equal(IPAddress.Parse("192.0.2.77"), arp.TargetProtocolAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), arp.SenderProtocolAddress);

        // A second packet to the same host waits too, without a second request.
        Assert.Equal(FrameDisposition.Queued, Send(0, Udp(HostA, LanMac, "10.0.0.5", 5001, "192.0.2.77", 53)));
        Assert.Empty(_sink.Frames);

        Assert.Equal(FrameDisposition.Dropped, Send(1, Arp(2, HostB, "192.0.2.77", WanMac, "192.0.2.1")));
        Assert.Equal(2, _sink.Frames.Count);
        Assert.All(_sink.Frames, f => Assert.Equal(1, f.Interface));
        var first = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, _sink.Frames[0].Frame);
        Assert.Equal("02000000000B", first.DestinationHardwareAddress.ToString());
        Assert.Equal("020000000202", first.SourceHardwareAddress.ToString());
        var ip = first.Extract<IPv4Packet>();
        Assert.True(ip.ValidIPChecksum);
        Assert.Equal(63, ip.TimeToLive);
        Assert.True(first.Extract<UdpPacket>().ValidUdpChecksum);
        Assert.Equal(5000, first.Extract<UdpPacket>().SourcePort);
    }

    [Theory]
    [InlineData("10.2.3.4", "192.0.2.12")]
    [InlineData("10.2.9.9", "192.0.2.11")]
    [InlineData("8.8.8.8", "192.0.2.13")]
    [InlineData("192.0.2.200", "192.0.2.200")]
    public void Process_LongestPrefixMatch_ChoosesTheNextHop(string destination, string nextHop)
    {
        Send(0, Tcp(HostA, LanMac, "10.0.0.5", 40000, destination, 80, Syn));
        var arp = _sink.TakeSingle().Packet.Extract<ArpPacket>();
        Assert.Equal(IPAddress.Parse(nextHop), arp.TargetProtocolAddress);
    }

    [Fact]
    public void Process_KnownNeighbor_ForwardsAtOnceRewritingMacsAndTtl()
    {
        Introduce(1, Upstream1, "192.0.2.13");
        byte[] frame = Tcp(HostA, LanMac, "10.0.0.5", 40000, "8.8.8.8", 443, Syn, ttl: 10);
        Assert.Equal(FrameDisposition.Forwarded, Send(0, frame));
        (int iface, Packet packet) = _sink.TakeSingle();
        Assert.Equal(1, iface);
        var eth = (EthernetPacket)packet;
        Assert.Equal("0200000000E1", eth.DestinationHardwareAddress.ToString());
        Assert.Equal("020000000202", eth.SourceHardwareAddress.ToString());
        var ip = packet.Extract<IPv4Packet>();
        Assert.Equal(9, ip.TimeToLive);
        Assert.True(ip.ValidIPChecksum);
        Assert.True(packet.Extract<TcpPacket>().ValidTcpChecksum);
    }

    [Fact]
    public void Process_TtlOne_SendsTimeExceededFromTheIngressAddress()
    {
        Introduce(1, Upstream1, "192.0.2.13");
        byte[] frame = Udp(HostA, LanMac, "10.0.0.5", 33434, "8.8.8.8", 33434, ttl: 1);
        Assert.Equal(FrameDisposition.Answered, Send(0, frame));
        (int iface, Packet packet) = _sink.TakeSingle();
        Assert.Equal(0, iface);
        Assert.Equal("02000000000A", ((EthernetPacket)packet).DestinationHardwareAddress.ToString());
        var ip = packet.Extract<IPv4Packet>();
        Assert.True(ip.ValidIPChecksum);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ip.SourceAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), ip.DestinationAddress);
        var icmp = packet.Extract<IcmpV4Packet>();
        Assert.Equal(IcmpV4TypeCode.TimeExceeded, icmp.TypeCode);
        Assert.Contains(_router.GetCounters(), c => c.Name == "ttl-expired" && c.Value == 1);
    }

    [Fact]
    public void Process_NoRoute_SendsNetUnreachable()
    {
        RouterAppliance router = (RouterAppliance)new RouterKind().Create(
            new RouterOptions { Name = "r2", Interfaces = [new() { Name = "lan", Mac = "02:00:00:00:02:01", Address = "10.0.0.1/24" }] }, _time);
        Assert.Equal(FrameDisposition.Answered, router.Process(0, Tcp(HostA, LanMac, "10.0.0.5", 40000, "8.8.8.8", 443, Syn), _sink));
        var icmp = _sink.TakeSingle().Packet.Extract<IcmpV4Packet>();
        Assert.Equal(IcmpV4TypeCode.UnreachableNet, icmp.TypeCode);
    }

    [Fact]
    public void Tick_NextHopNeverAnswers_RetriesThenSendsHostUnreachable()
    {
        Send(0, Udp(HostA, LanMac, "10.0.0.5", 5000, "192.0.2.99", 53));
        _sink.Clear();
        var sent = new List<(int Interface, byte[] Frame)>();
        for (int second = 1; second <= 4; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _sink.Clear();
            _router.Tick(_sink);
            sent.AddRange(_sink.Frames);
        }

        // One request at once, two retries (arpRetries = 2), then the sender hears it failed.
        Assert.Equal(2, sent.Count(f => f.Interface == 1));
        (int iface, byte[] frame) = Assert.Single(sent, f => f.Interface == 0);
        var packet = Packet.ParsePacket(LinkLayers.Ethernet, frame);
        Assert.Equal(IcmpV4TypeCode.UnreachableHost, packet.Extract<IcmpV4Packet>().TypeCode);
        Assert.Equal("02000000000A", ((EthernetPacket)packet).DestinationHardwareAddress.ToString());
        Assert.Contains(_router.GetCounters(), c => c.Name == "arp-unresolved" && c.Value == 1);
    }

    [Fact]
    public void Process_FrameForAnotherMac_IsNotRouted()
    {
        Assert.Equal(FrameDisposition.Dropped, Send(0, Tcp(HostA, HostB, "10.0.0.5", 40000, "8.8.8.8", 443, Syn)));
        Assert.Empty(_sink.Frames);
    }

    [Fact]
    public void Process_NeighborEntryExpires_ResolvesAgain()
    {
        Introduce(1, Upstream1, "192.0.2.13");
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(FrameDisposition.Queued, Send(0, Tcp(HostA, LanMac, "10.0.0.5", 40000, "8.8.8.8", 443, Syn)));
    }

    [Fact]
    public void AddRoute_ChangesForwardingAndRejectsBadOrDuplicateRoutes()
    {
        Introduce(1, Upstream1, "192.0.2.13");
        Introduce(1, Upstream2, "192.0.2.14");
        Assert.True(_router.AddRoute(new RouteOptions { Destination = "8.8.8.0/24", NextHop = "192.0.2.14" }));
        Send(0, Tcp(HostA, LanMac, "10.0.0.5", 40000, "8.8.8.8", 443, Syn));
        Assert.Equal("0200000000E2", ((EthernetPacket)_sink.TakeSingle().Packet).DestinationHardwareAddress.ToString());

        Assert.False(_router.AddRoute(new RouteOptions { Destination = "8.8.8.0/24", NextHop = "192.0.2.13" }));
        var e = Assert.Throws<ApplianceOptionsException>(() => _router.AddRoute(new RouteOptions { Destination = "8.8.4.0/24", NextHop = "172.16.0.1" }));
        Assert.Equal("route.nextHop", Assert.Single(e.Errors).Option);

        Assert.True(_router.RemoveRoute("8.8.8.0/24"));
        Assert.False(_router.RemoveRoute("10.0.0.0/24"));
        Send(0, Tcp(HostA, LanMac, "10.0.0.5", 40000, "8.8.8.8", 443, Syn));
        Assert.Equal("0200000000E1", ((EthernetPacket)_sink.TakeSingle().Packet).DestinationHardwareAddress.ToString());
        Assert.Equal(5, _router.GetRoutes().Count);
        Assert.Contains(new RouteEntry("10.2.3.0/24", "192.0.2.12", "wan", false), _router.GetRoutes());
        Assert.Contains(new RouteEntry("10.0.0.0/24", null, "lan", true), _router.GetRoutes());
    }

    [Fact]
    public void Validate_OverlappingSubnetsAndDuplicateRoutes_AreNamed()
    {
        var options = new RouterOptions
        {
            Name = "r",
            Interfaces =
            [
                new() { Name = "a", Mac = "02:00:00:00:02:01", Address = "10.0.0.1/16" },
                new() { Name = "b", Mac = "02:00:00:00:02:02", Address = "10.0.5.1/24" },
            ],
            Routes = [new() { Destination = "1.0.0.0/8", NextHop = "10.0.0.9" }, new() { Destination = "1.0.0.0/8", NextHop = "10.0.0.8" }],
        };
        Assert.Equal(["interfaces[1].address", "routes[1].destination"], options.Validate().Select(e => e.Option));
    }

    [Fact]
    public void Process_VlanTaggedFrame_IsNotRoutedAcrossSegments()
    {
        Introduce(1, Upstream1, "192.0.2.13");
        byte[] untagged = Tcp(HostA, LanMac, "10.0.0.5", 40000, "8.8.8.8", 443, Syn);
        byte[] tagged = new byte[untagged.Length + 4];
        untagged.AsSpan(0, 12).CopyTo(tagged);
        tagged[12] = 0x81;
        tagged[14] = 0x00;
        tagged[15] = 10;
        untagged.AsSpan(12).CopyTo(tagged.AsSpan(16));
        Assert.Equal(FrameDisposition.Dropped, Send(0, tagged));
        Assert.Empty(_sink.Frames);
        Assert.Contains(_router.GetCounters(), c => c.Name == "tagged" && c.Value == 1);
    }
}
