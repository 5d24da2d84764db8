using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketDotNet;
using SdnCtl.Nfv.Nat;
using SdnCtl.Nfv.Tests.Support;
using static SdnCtl.Nfv.Tests.Support.TestFrames;

namespace SdnCtl.Nfv.Tests.Nat;

public sealed class NatTests
{
    private const ulong InsideMac = 0x02_00_00_00_03_01;
    private const ulong OutsideMac = 0x02_00_00_00_03_02;
    private const ulong Vm1 = 0x08_00_27_00_00_01;
    private const ulong Vm2 = 0x08_00_27_00_00_02;
    private const ulong LanHost = 0x02_00_00_00_00_B0;
    private const ulong Gateway = 0x02_00_00_00_00_01;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();

    private NatAppliance Create(string portRange = "1024-65535", params PortForwardOptions[] forwards)
    {
        var options = new NatOptions
        {
            Name = "nat",
            Interfaces =
            [
                new() { Name = "inside", Mac = "02:00:00:00:03:01", Address = "10.0.2.2/24" },
                new() { Name = "outside", Mac = "02:00:00:00:03:02", Address = "192.168.1.50/24" },
            ],
            Gateway = "192.168.1.1",
            PortRange = portRange,
            UdpTimeout = TimeSpan.FromSeconds(60),
            Forwards = [.. forwards],
        };
        var nat = (NatAppliance)new NatKind().Create(options, _time);

        // Everyone the tests talk to is known, so frames go out at once.
        nat.Process(0, Arp(1, Vm1, "10.0.2.15", 0, "10.0.2.2"), _sink);
        nat.Process(0, Arp(1, Vm2, "10.0.2.16", 0, "10.0.2.2"), _sink);
        nat.Process(1, Arp(1, LanHost, "192.168.1.20", 0, "192.168.1.50"), _sink);
        nat.Process(1, Arp(1, Gateway, "192.168.1.1", 0, "192.168.1.50"), _sink);
        return nat;
    }

    private (FrameDisposition Disposition, Packet? Out, int Interface) Send(NatAppliance nat, int ingress, byte[] frame)
    {
        _sink.Clear();
        FrameDisposition d = nat.Process(ingress, frame, _sink);
        if (_sink.Frames.Count == 0)
        {
            return (d, null, -1);
        }

        (int iface, Packet packet) = _sink.TakeSingle();
        return (d, packet, iface);
    }

    [Fact]
    public void Process_OutboundTcp_IsMasqueradedAndItsReplyRestored()
    {
        NatAppliance nat = Create();
        (FrameDisposition d, Packet? out1, int iface) = Send(nat, 0, Tcp(Vm1, InsideMac, "10.0.2.15", 40000, "192.168.1.20", 80, Syn, payload: 5));
        Assert.Equal(FrameDisposition.Forwarded, d);
        Assert.Equal(1, iface);
        Assert.Equal("0200000000B0", ((EthernetPacket)out1!).DestinationHardwareAddress.ToString());
        Assert.Equal("020000000302", ((EthernetPacket)out1).SourceHardwareAddress.ToString());
        var ip = out1.Extract<IPv4Packet>();
        var tcp = out1.Extract<TcpPacket>();
        Assert.Equal(IPAddress.Parse("192.168.1.50"), ip.SourceAddress);
        Assert.True(ip.ValidIPChecksum);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal(63, ip.TimeToLive);
        ushort external = tcp.SourcePort;
        Assert.InRange(external, 1024, 65535);

        (d, Packet? back, iface) = Send(nat, 1, Tcp(LanHost, OutsideMac, "192.168.1.20", 80, "192.168.1.50", external, Syn | Ack, payload: 3));
        Assert.Equal(FrameDisposition.Forwarded, d);
        Assert.Equal(0, iface);
        Assert.Equal("080027000001", ((EthernetPacket)back!).DestinationHardwareAddress.ToString());
        ip = back.Extract<IPv4Packet>();
        tcp = back.Extract<TcpPacket>();
        Assert.Equal(IPAddress.Parse("10.0.2.15"), ip.DestinationAddress);
        Assert.Equal(40000, tcp.DestinationPort);
        Assert.True(ip.ValidIPChecksum);
        Assert.True(tcp.ValidTcpChecksum);

        NatTranslation t = Assert.Single(nat.GetTranslations());
        Assert.Equal(new NatTranslation("tcp", "10.0.2.15", 40000, "192.168.1.50", external, TimeSpan.FromHours(2)), t);
    }

    [Fact]
    public void Process_TwoHostsSamePort_GetDifferentOutsidePorts_AndUdpChecksumsStayValid()
    {
        NatAppliance nat = Create();
        Packet a = Send(nat, 0, Udp(Vm1, InsideMac, "10.0.2.15", 5353, "192.168.1.20", 53)).Out!;
        Packet b = Send(nat, 0, Udp(Vm2, InsideMac, "10.0.2.16", 5353, "192.168.1.20", 53)).Out!;
        Assert.True(a.Extract<UdpPacket>().ValidUdpChecksum);
        Assert.True(b.Extract<UdpPacket>().ValidUdpChecksum);
        Assert.NotEqual(a.Extract<UdpPacket>().SourcePort, b.Extract<UdpPacket>().SourcePort);

        // Endpoint-independent: the same inside socket keeps its outside port towards another host.
        Packet again = Send(nat, 0, Udp(Vm1, InsideMac, "10.0.2.15", 5353, "8.8.8.8", 53)).Out!;
        Assert.Equal(a.Extract<UdpPacket>().SourcePort, again.Extract<UdpPacket>().SourcePort);
        Assert.Equal("020000000001", ((EthernetPacket)again).DestinationHardwareAddress.ToString());
        Assert.Equal(2, nat.TranslationCount);
    }

    [Fact]
    public void Process_PortsExhausted_DropsNewMappingsUntilOneExpires()
    {
        NatAppliance nat = Create("5000-5001");
        Assert.Equal(FrameDisposition.Forwarded, Send(nat, 0, Udp(Vm1, InsideMac, "10.0.2.15", 1, "192.168.1.20", 53)).Disposition);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(FrameDisposition.Forwarded, Send(nat, 0, Udp(Vm1, InsideMac, "10.0.2.15", 2, "192.168.1.20", 53)).Disposition);
        Assert.Equal(FrameDisposition.Dropped, Send(nat, 0, Udp(Vm2, InsideMac, "10.0.2.16", 3, "192.168.1.20", 53)).Disposition);
        Assert.Contains(nat.GetCounters(), c => c.Name == "port-exhausted" && c.Value == 1);

        // The first mapping idles out after 60 s; its port goes to the waiting host, the second stays.
        _time.Advance(TimeSpan.FromSeconds(31));
        Packet p = Send(nat, 0, Udp(Vm2, InsideMac, "10.0.2.16", 3, "192.168.1.20", 53)).Out!;
        Assert.Equal(5000, p.Extract<UdpPacket>().SourcePort);
        Assert.Equal(
            [("10.0.2.15", 2, 5001), ("10.0.2.16", 3, 5000)],
            nat.GetTranslations().Select(t => (t.InsideAddress, t.InsidePort, t.ExternalPort)).Order());

        // The reclaimed port now leads to the new owner only.
        Packet back = Send(nat, 1, Udp(LanHost, OutsideMac, "192.168.1.20", 53, "192.168.1.50", 5000)).Out!;
        Assert.Equal(IPAddress.Parse("10.0.2.16"), back.Extract<IPv4Packet>().DestinationAddress);
    }

    [Fact]
    public void Process_ReplyAfterMappingExpired_IsDropped()
    {
        NatAppliance nat = Create();
        ushort port = Send(nat, 0, Udp(Vm1, InsideMac, "10.0.2.15", 7000, "192.168.1.20", 53)).Out!.Extract<UdpPacket>().SourcePort;
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(FrameDisposition.Dropped, Send(nat, 1, Udp(LanHost, OutsideMac, "192.168.1.20", 53, "192.168.1.50", port)).Disposition);
        nat.Tick(_sink);
        Assert.Empty(nat.GetTranslations());
    }

    [Fact]
    public void Process_UnsolicitedInbound_IsDropped()
    {
        NatAppliance nat = Create();
        Assert.Equal(FrameDisposition.Dropped, Send(nat, 1, Tcp(LanHost, OutsideMac, "192.168.1.20", 5555, "192.168.1.50", 40000, Syn)).Disposition);
        Assert.Empty(_sink.Frames);
    }

    [Fact]
    public void Process_PortForward_ReachesTheInsideHostAndItsRepliesLeaveFromTheForwardedPort()
    {
        NatAppliance nat = Create(forwards: new PortForwardOptions { Protocol = "tcp", ExternalPort = 2222, InsideAddress = "10.0.2.15", InsidePort = 22 });
        (FrameDisposition d, Packet? inbound, int iface) = Send(nat, 1, Tcp(LanHost, OutsideMac, "192.168.1.20", 50000, "192.168.1.50", 2222, Syn));
        Assert.Equal(FrameDisposition.Forwarded, d);
        Assert.Equal(0, iface);
        Assert.Equal(IPAddress.Parse("10.0.2.15"), inbound!.Extract<IPv4Packet>().DestinationAddress);
        Assert.Equal(22, inbound.Extract<TcpPacket>().DestinationPort);
        Assert.True(inbound.Extract<TcpPacket>().ValidTcpChecksum);

        Packet reply = Send(nat, 0, Tcp(Vm1, InsideMac, "10.0.2.15", 22, "192.168.1.20", 50000, Syn | Ack)).Out!;
        Assert.Equal(IPAddress.Parse("192.168.1.50"), reply.Extract<IPv4Packet>().SourceAddress);
        Assert.Equal(2222, reply.Extract<TcpPacket>().SourcePort);
        Assert.True(reply.Extract<TcpPacket>().ValidTcpChecksum);

        NatTranslation forward = Assert.Single(nat.GetTranslations());
        Assert.True(forward.IsForward);

        // Forwards never expire, and a different port is not forwarded.
        _time.Advance(TimeSpan.FromDays(1));
        nat.Process(0, Arp(1, Vm1, "10.0.2.15", 0, "10.0.2.2"), _sink);
        Assert.Equal(FrameDisposition.Forwarded, Send(nat, 1, Tcp(LanHost, OutsideMac, "192.168.1.20", 50001, "192.168.1.50", 2222, Syn)).Disposition);
        Assert.Equal(FrameDisposition.Dropped, Send(nat, 1, Tcp(LanHost, OutsideMac, "192.168.1.20", 50001, "192.168.1.50", 2223, Syn)).Disposition);
    }

    [Fact]
    public void AddForward_PortTakenOrInvalid_IsRefusedAndRemoveForwardFreesIt()
    {
        NatAppliance nat = Create("5000-5000");
        ushort taken = Send(nat, 0, Udp(Vm1, InsideMac, "10.0.2.15", 9, "192.168.1.20", 53)).Out!.Extract<UdpPacket>().SourcePort;
        Assert.False(nat.AddForward(new PortForwardOptions { Protocol = "udp", ExternalPort = taken, InsideAddress = "10.0.2.16", InsidePort = 9 }));
        Assert.True(nat.AddForward(new PortForwardOptions { Protocol = "tcp", ExternalPort = taken, InsideAddress = "10.0.2.16", InsidePort = 9 }));
        var e = Assert.Throws<ApplianceOptionsException>(() =>
            nat.AddForward(new PortForwardOptions { Protocol = "sctp", ExternalPort = 0, InsideAddress = "10.0.2.15", InsidePort = 22 }));
        Assert.Equal(["forward.protocol", "forward.externalPort"], e.Errors.Select(x => x.Option));
        Assert.True(nat.RemoveForward("tcp", taken));
        Assert.False(nat.RemoveForward("tcp", taken));
    }

    [Fact]
    public void Process_PingOut_IsTranslatedByIdentifier()
    {
        NatAppliance nat = Create();
        Packet request = Send(nat, 0, Icmp(Vm1, InsideMac, "10.0.2.15", "192.168.1.20", 8, id: 77)).Out!;
        var icmp = request.Extract<IcmpV4Packet>();
        Assert.Equal(IcmpV4TypeCode.EchoRequest, icmp.TypeCode);
        Assert.True(icmp.ValidIcmpChecksum);
        Packet reply = Send(nat, 1, Icmp(LanHost, OutsideMac, "192.168.1.20", "192.168.1.50", 0, id: icmp.Id)).Out!;
        Assert.Equal(77, reply.Extract<IcmpV4Packet>().Id);
        Assert.True(reply.Extract<IcmpV4Packet>().ValidIcmpChecksum);
        Assert.Equal(IPAddress.Parse("10.0.2.15"), reply.Extract<IPv4Packet>().DestinationAddress);
    }

    [Fact]
    public void Process_PingToEitherAddress_IsAnsweredByTheNat()
    {
        NatAppliance nat = Create();
        Assert.Equal(FrameDisposition.Answered, Send(nat, 0, Icmp(Vm1, InsideMac, "10.0.2.15", "10.0.2.2", 8)).Disposition);
        Assert.Equal(FrameDisposition.Answered, Send(nat, 1, Icmp(LanHost, OutsideMac, "192.168.1.20", "192.168.1.50", 8)).Disposition);
    }

    [Fact]
    public void Validate_OverlappingSubnetsAndGatewayOffLink_AreNamed()
    {
        var options = new NatOptions
        {
            Name = "nat",
            Interfaces =
            [
                new() { Name = "inside", Mac = "02:00:00:00:03:01", Address = "10.0.2.2/24" },
                new() { Name = "outside", Mac = "02:00:00:00:03:02", Address = "10.0.0.50/16" },
            ],
            Gateway = "172.16.0.1",
            PortRange = "0-100",
        };
        Assert.Equal(["interfaces[1].address", "gateway", "portRange"], options.Validate().Select(e => e.Option));
    }
}
