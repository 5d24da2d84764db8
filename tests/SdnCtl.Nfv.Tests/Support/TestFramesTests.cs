using System.Net;
using PacketDotNet;

namespace SdnCtl.Nfv.Tests.Support;

/// <summary>The hand-built test frames are what PacketDotNet says they are, so they can be trusted as input.</summary>
public sealed class TestFramesTests
{
    [Fact]
    public void Tcp_HasValidChecksumsAndFields()
    {
        var p = Packet.ParsePacket(LinkLayers.Ethernet, TestFrames.Tcp(1, 2, "10.0.0.1", 1234, "10.0.0.2", 80, TestFrames.Syn, seq: 7, payload: 3));
        var ip = p.Extract<IPv4Packet>();
        var tcp = p.Extract<TcpPacket>();
        Assert.True(ip.ValidIPChecksum);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), ip.DestinationAddress);
        Assert.Equal((1234, 80, 7u), (tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber));
        Assert.True(tcp.Synchronize);
    }

    [Fact]
    public void UdpAndIcmp_HaveValidChecksums()
    {
        Assert.True(Packet.ParsePacket(LinkLayers.Ethernet, TestFrames.Udp(1, 2, "10.0.0.1", 1, "10.0.0.2", 2)).Extract<UdpPacket>().ValidUdpChecksum);
        var icmp = Packet.ParsePacket(LinkLayers.Ethernet, TestFrames.Icmp(1, 2, "10.0.0.1", "10.0.0.2", 8, id: 5)).Extract<IcmpV4Packet>();
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(5, icmp.Id);
    }
}
