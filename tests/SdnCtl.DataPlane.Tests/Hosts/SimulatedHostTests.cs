using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Packets;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Hosts;

/// <summary>
/// One host fed frames directly (no switch, no network); what it sends is captured and checked
/// with an independent parser (PacketDotNet).
/// </summary>
public sealed class SimulatedHostTests
{
    private const ulong HostMac = 0x0000_0000_0003UL;
    private const ulong PeerMac = 0x0000_0000_000aUL;
    private static readonly uint HostIp = 0x0a00_0003; // 10.0.0.3
    private static readonly uint PeerIp = 0x0a00_0001; // 10.0.0.1
    private static readonly uint OtherIp = 0x0a00_0009;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public void ArpRequestForOwnAddress_RepliesWithOwnMacToTheAsker()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.ArpRequest(PeerMac, PeerIp, HostIp));

        var reply = Single(wire);
        var eth = reply.Extract<EthernetPacket>();
        var arp = reply.Extract<ArpPacket>();
        Assert.Equal(Mac(PeerMac), eth.DestinationHardwareAddress);
        Assert.Equal(ArpOperation.Response, arp.Operation);
        Assert.Equal(Mac(HostMac), arp.SenderHardwareAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.3"), arp.SenderProtocolAddress);
        Assert.Equal(Mac(PeerMac), arp.TargetHardwareAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), arp.TargetProtocolAddress);
        Assert.Equal(1, host.Counters.ArpRepliesSent);
    }

    [Fact]
    public void ArpRequestForOwnAddress_LearnsTheSender()
    {
        var (host, _) = Create();

        host.Receive(FrameBuilder.ArpRequest(PeerMac, PeerIp, HostIp));

        Assert.True(host.TryGetArpEntry(PeerIp, out ulong mac));
        Assert.Equal(PeerMac, mac);
    }

    [Fact]
    public void ArpRequestForAnotherAddress_NoReplyAndSenderNotLearned()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.ArpRequest(PeerMac, PeerIp, OtherIp));

        Assert.Empty(wire.Frames);
        Assert.False(host.TryGetArpEntry(PeerIp, out _));
        Assert.Equal(1, host.Counters[HostCounter.ArpRequestsReceived]);
        Assert.Equal(1, host.Counters.BroadcastFramesReceived);
    }

    [Fact]
    public void GratuitousArp_RefreshesAKnownEntry()
    {
        var (host, _) = Create();
        host.Receive(FrameBuilder.ArpReply(PeerMac, PeerIp, HostMac, HostIp));
        const ulong Moved = 0x0000_0000_00bbUL;

        host.Receive(FrameBuilder.ArpRequest(Moved, PeerIp, PeerIp));

        Assert.True(host.TryGetArpEntry(PeerIp, out ulong mac));
        Assert.Equal(Moved, mac);
    }

    [Fact]
    public void IcmpEchoRequest_RepliesWithSameIdSequenceAndPayload_AndValidChecksums()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.IcmpEcho(new L2Header(PeerMac, HostMac), PeerIp, HostIp, reply: false, id: 77, sequence: 5, "0123456789"u8));

        var reply = Single(wire);
        var ip = reply.Extract<IPv4Packet>();
        var icmp = reply.Extract<IcmpV4Packet>();
        Assert.Equal(Mac(PeerMac), reply.Extract<EthernetPacket>().DestinationHardwareAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.3"), ip.SourceAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ip.DestinationAddress);
        Assert.True(ip.ValidIPChecksum);
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(IcmpV4TypeCode.EchoReply, icmp.TypeCode);
        Assert.Equal(77, icmp.Id);
        Assert.Equal(5, icmp.Sequence);
        Assert.Equal("0123456789"u8.ToArray(), icmp.Data);
        Assert.Equal(1, host.Counters.IcmpEchoRequestsReceived);
        Assert.Equal(1, host.Counters[HostCounter.IcmpEchoRepliesSent]);
    }

    [Fact]
    public void IcmpEchoRequest_EthernetPadding_IsNotEchoedBack()
    {
        var (host, wire) = Create();
        var request = FrameBuilder.IcmpEcho(new L2Header(PeerMac, HostMac), PeerIp, HostIp, reply: false, 1, 1, "ab"u8);
        var padded = new byte[60];
        request.CopyTo(padded, 0);

        host.Receive(padded);

        var icmp = Single(wire).Extract<IcmpV4Packet>();
        Assert.Equal("ab"u8.ToArray(), icmp.Data);
        Assert.True(icmp.ValidIcmpChecksum);
    }

    [Fact]
    public void IcmpEchoRequest_VlanTagged_ReplyCarriesTheSameVlan()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.IcmpEcho(new L2Header(PeerMac, HostMac, VlanVid: 42), PeerIp, HostIp, reply: false, 1, 1));

        var tag = Single(wire).Extract<Ieee8021QPacket>();
        Assert.Equal(42, tag.VlanIdentifier);
    }

    [Fact]
    public void IcmpEchoRequest_ForAnotherAddress_IsIgnored()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.IcmpEcho(new L2Header(PeerMac, HostMac), PeerIp, OtherIp, reply: false, 1, 1));

        Assert.Empty(wire.Frames);
        Assert.Equal(1, host.Counters[HostCounter.FramesNotForHost]);
    }

    [Fact]
    public void TcpSyn_ListeningPort_SynAckAcknowledgesTheSequence()
    {
        var (host, wire) = Create(new SimulatedHostOptions { ListeningTcpPorts = [80] });

        host.Receive(FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 40000, 80, TcpFlags.Syn, sequence: 1000));

        var tcp = Single(wire).Extract<TcpPacket>();
        Assert.True(tcp.Synchronize);
        Assert.True(tcp.Acknowledgment);
        Assert.False(tcp.Reset);
        Assert.Equal(1001u, tcp.AcknowledgmentNumber);
        Assert.Equal(80, tcp.SourcePort);
        Assert.Equal(40000, tcp.DestinationPort);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal(1, host.Counters[HostCounter.TcpSynAckSent]);
    }

    [Fact]
    public void TcpSyn_ClosedPort_RstAckAcknowledgesTheSyn()
    {
        var (host, wire) = Create(new SimulatedHostOptions { ListeningTcpPorts = [80] });

        host.Receive(FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 40000, 81, TcpFlags.Syn, sequence: 1000));

        var tcp = Single(wire).Extract<TcpPacket>();
        Assert.True(tcp.Reset);
        Assert.True(tcp.Acknowledgment);
        Assert.False(tcp.Synchronize);
        Assert.Equal(0u, tcp.SequenceNumber);
        Assert.Equal(1001u, tcp.AcknowledgmentNumber);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal(1, host.Counters[HostCounter.TcpRstSent]);
    }

    [Fact]
    public void TcpAck_ClosedPort_RstTakesItsSequenceFromTheAck()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 40000, 22, TcpFlags.Ack, sequence: 5, acknowledgment: 9999));

        var tcp = Single(wire).Extract<TcpPacket>();
        Assert.True(tcp.Reset);
        Assert.False(tcp.Acknowledgment);
        Assert.Equal(9999u, tcp.SequenceNumber);
    }

    [Fact]
    public void TcpRst_IsNeverAnswered()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 40000, 22, TcpFlags.Rst | TcpFlags.Ack, sequence: 5, acknowledgment: 6));

        Assert.Empty(wire.Frames);
        Assert.Equal(1, host.Counters[HostCounter.TcpRstReceived]);
    }

    [Fact]
    public void TcpListening_ListenAndStop_ChangeTheAnswer()
    {
        var (host, wire) = Create();
        host.ListenTcp(8080);
        host.Receive(FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 40000, 8080, TcpFlags.Syn, sequence: 1));
        host.StopListeningTcp(8080);
        host.Receive(FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 40001, 8080, TcpFlags.Syn, sequence: 1));

        var answers = wire.Frames.Select(f => Parse(f).Extract<TcpPacket>()).ToList();
        Assert.True(answers[0].Synchronize);
        Assert.True(answers[1].Reset);
    }

    [Fact]
    public void Udp_IsEchoedWithPortsSwappedAndAValidChecksum()
    {
        var (host, wire) = Create();

        host.Receive(FrameBuilder.Udp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 5555, 7, "ping me"u8));

        var packet = Single(wire);
        var udp = packet.Extract<UdpPacket>();
        Assert.Equal(7, udp.SourcePort);
        Assert.Equal(5555, udp.DestinationPort);
        Assert.Equal("ping me"u8.ToArray(), udp.PayloadData);
        Assert.True(udp.ValidUdpChecksum);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), packet.Extract<IPv4Packet>().DestinationAddress);
        Assert.Equal(1, host.Counters[HostCounter.UdpEchoed]);
    }

    [Fact]
    public void Udp_ToAPortTheHostSentFrom_IsAReplyAndNotEchoed()
    {
        var (host, wire) = Create();
        host.Send(FrameBuilder.Udp(new L2Header(HostMac, PeerMac), HostIp, PeerIp, 40000, 7, "x"u8));

        host.Receive(FrameBuilder.Udp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 7, 40000, "x"u8));

        Assert.Single(wire.Frames);
        Assert.Equal(1, host.Counters[HostCounter.UdpReceived]);
        Assert.Equal(0, host.Counters[HostCounter.UdpEchoed]);
    }

    [Fact]
    public void Udp_EchoDisabled_NothingSent()
    {
        var (host, wire) = Create(new SimulatedHostOptions { EchoUdp = false });

        host.Receive(FrameBuilder.Udp(new L2Header(PeerMac, HostMac), PeerIp, HostIp, 5555, 7, "x"u8));

        Assert.Empty(wire.Frames);
        Assert.Equal(1, host.Counters[HostCounter.UdpReceived]);
    }

    [Fact]
    public void UnicastForAnotherMac_IsIgnoredButCountedAndObserved()
    {
        var (host, wire) = Create();
        var seen = new List<byte[]>();
        host.FrameReceived += (_, frame) => seen.Add(frame.ToArray());
        var frame = FrameBuilder.IcmpEcho(new L2Header(PeerMac, 0x0000_0000_00eeUL), PeerIp, HostIp, reply: false, 1, 1);

        host.Receive(frame);

        Assert.Empty(wire.Frames);
        Assert.Equal(frame, Assert.Single(seen));
        Assert.Equal(1, host.Counters[HostCounter.FramesNotForHost]);
        Assert.Equal(1, host.Counters.FramesReceived);
        Assert.Equal(0, host.Counters.IcmpEchoRequestsReceived);
    }

    [Fact]
    public void BroadcastAndMulticast_AreCountedSeparately()
    {
        var (host, _) = Create();

        host.Receive(FrameBuilder.ArpRequest(PeerMac, PeerIp, OtherIp));
        host.Receive(FrameBuilder.Lldp(PeerMac, 1, 1));

        Assert.Equal(1, host.Counters.BroadcastFramesReceived);
        Assert.Equal(1, host.Counters[HostCounter.MulticastFramesReceived]);
        Assert.Equal(2, host.Counters.FramesReceived);
    }

    [Fact]
    public void RuntFrame_CountedAsMalformed()
    {
        var (host, wire) = Create();

        host.Receive(new byte[10]);

        Assert.Empty(wire.Frames);
        Assert.Equal(1, host.Counters[HostCounter.MalformedFramesReceived]);
    }

    [Fact]
    public void Start_GratuitousArpEnabled_AnnouncesOwnAddressByBroadcast()
    {
        var (host, wire) = Create();

        host.Start();

        var packet = Single(wire);
        var arp = packet.Extract<ArpPacket>();
        Assert.Equal(PhysicalAddress.Parse("FF-FF-FF-FF-FF-FF"), packet.Extract<EthernetPacket>().DestinationHardwareAddress);
        Assert.Equal(ArpOperation.Request, arp.Operation);
        Assert.Equal(IPAddress.Parse("10.0.0.3"), arp.SenderProtocolAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.3"), arp.TargetProtocolAddress);
        Assert.Equal(1, host.Counters[HostCounter.GratuitousArpsSent]);
    }

    [Fact]
    public void Start_GratuitousArpDisabled_SendsNothing()
    {
        var (host, wire) = Create(new SimulatedHostOptions { GratuitousArpOnStart = false });

        host.Start();

        Assert.Empty(wire.Frames);
    }

    [Fact]
    public async Task PingAsync_TwoHostsOnACable_ResolvesByArpAndGetsTheReply()
    {
        // No ARP retry within the test: a reply that a's executor only gets to after the default 1 s
        // (its frames are posted when it is busy) would send a second request and break the count below.
        var a = new SimulatedHost("a", PeerMac, IPAddress.Parse("10.0.0.1"), 24, new PortRef("s1", 1), new SimulatedHostOptions { ArpRetryInterval = TimeSpan.FromMinutes(5) });
        var b = new SimulatedHost("b", HostMac, IPAddress.Parse("10.0.0.3"), 24, new PortRef("s1", 2));
        _ = new CableTransmitter(a, b);

        var result = await a.PingAsync(IPAddress.Parse("10.0.0.3"), Guard).WaitAsync(Guard);

        Assert.Equal(EchoStatus.Replied, result.Status);
        Assert.NotNull(result.RoundTripTime);
        Assert.True(a.TryGetArpEntry(HostIp, out ulong mac));
        Assert.Equal(HostMac, mac);
        Assert.Equal(1, a.Counters.ArpRequestsSent);
        Assert.Equal(1, b.Counters.IcmpEchoRequestsReceived);
        Assert.Equal(1, a.Counters.IcmpEchoRepliesReceived);
    }

    [Fact]
    public async Task PingAsync_NobodyAnswersArp_ReportsArpFailed()
    {
        var (host, wire) = Create();

        var result = await host.PingAsync(IPAddress.Parse("10.0.0.1"), TimeSpan.FromMilliseconds(200)).WaitAsync(Guard);

        Assert.Equal(EchoStatus.ArpFailed, result.Status);
        Assert.Contains("10.0.0.1", result.Detail, StringComparison.Ordinal);
        Assert.All(wire.Frames, f => Assert.Equal(ArpOperation.Request, Parse(f).Extract<ArpPacket>().Operation));
    }

    [Fact]
    public async Task ResolveAsync_OffSubnetWithGateway_ResolvesTheGateway()
    {
        var (host, wire) = Create(new SimulatedHostOptions { Gateway = IPAddress.Parse("10.0.0.254") });
        host.Receive(FrameBuilder.ArpReply(0xaaUL, 0x0a00_00fe, HostMac, HostIp));

        ulong? mac = await host.ResolveAsync(0x0b00_0001, Guard).WaitAsync(Guard);

        Assert.Equal(0xaaUL, mac);
        Assert.Empty(wire.Frames);
    }

    [Fact]
    public async Task ResolveAsync_ReplyArrives_CompletesWithoutWaitingForTheRetry()
    {
        var (host, wire) = Create(new SimulatedHostOptions { ArpRetryInterval = TimeSpan.FromMinutes(5) });

        var resolving = host.ResolveAsync(PeerIp, TimeSpan.FromMinutes(10));
        Assert.Single(wire.Frames);
        host.Receive(FrameBuilder.ArpReply(PeerMac, PeerIp, HostMac, HostIp));

        Assert.Equal(PeerMac, await resolving.WaitAsync(Guard));
    }

    [Fact]
    public void Constructor_MulticastMac_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SimulatedHost("x", 0x0100_0000_0001UL, IPAddress.Parse("10.0.0.1"), 8, new PortRef("s1", 1)));
    }

    private static (SimulatedHost Host, CapturingHostTransmitter Wire) Create(SimulatedHostOptions? options = null)
    {
        var host = new SimulatedHost(new HostSpec("h3", HostMac, IPAddress.Parse("10.0.0.3"), 24, new PortRef("s3", 1)), options);
        var wire = new CapturingHostTransmitter();
        host.Transmitter = wire;
        return (host, wire);
    }

    private static Packet Single(CapturingHostTransmitter wire) => Parse(Assert.Single(wire.Frames));

    private static Packet Parse(byte[] frame) => Packet.ParsePacket(LinkLayers.Ethernet, frame);

    private static PhysicalAddress Mac(ulong mac) => PhysicalAddress.Parse(MacAddresses.Format(mac).Replace(':', '-').ToUpperInvariant());
}
