using System.Net;
using PacketDotNet;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Packets;

/// <summary>Header rewrites, checked by PacketDotNet: checksums must stay valid, tag bits must be right.</summary>
public sealed class PacketRewriterTests
{
    [Fact]
    public void PushVlan_UntaggedFrame_InsertsTagAtOffset12()
    {
        var original = Net.UdpAtoB();
        using var buf = new PacketBuffer(original);
        PacketParser.Parse(buf.Span, 1, out var f);
        Assert.True(PacketRewriter.PushVlan(buf, ref f, EtherTypes.Vlan));
        PacketRewriter.SetField(buf, ref f, OxmEntry.VlanVid(300));
        PacketRewriter.SetField(buf, ref f, OxmEntry.VlanPcp(6));

        Assert.Equal(original.Length + 4, buf.Length);
        var tag = Net.Parse(buf.ToArray()).Extract<Ieee8021QPacket>();
        Assert.Equal(300, tag.VlanIdentifier);
        Assert.Equal(6, (int)tag.PriorityControlPoint);
        Assert.Equal(OfpConstants.VlanPresent | 300, f.VlanVid);
        Assert.True(Net.Parse(buf.ToArray()).Extract<UdpPacket>().ValidUdpChecksum);
    }

    [Fact]
    public void PopVlan_TaggedFrame_RestoresUntaggedFrame()
    {
        var untagged = Net.UdpAtoB();
        using var buf = new PacketBuffer(Net.UdpAtoB(vlan: 55));
        PacketParser.Parse(buf.Span, 1, out var f);
        Assert.True(PacketRewriter.PopVlan(buf, ref f));
        Assert.Equal(untagged, buf.ToArray());
        Assert.Equal(0, f.VlanVid);
        Assert.False(PacketRewriter.PopVlan(buf, ref f));
    }

    [Fact]
    public void SetField_Ipv4SrcOnTcp_KeepsIpAndTcpChecksumsValid()
    {
        using var buf = new PacketBuffer(Net.TcpAtoB());
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.SetField(buf, ref f, OxmEntry.Ipv4Src(OxmEntry.ParseIpv4("192.168.7.9")));
        var p = Net.Parse(buf.ToArray());
        var ip = p.Extract<IPv4Packet>();
        Assert.Equal(IPAddress.Parse("192.168.7.9"), ip.SourceAddress);
        Assert.True(ip.ValidIPChecksum);
        Assert.True(p.Extract<TcpPacket>().ValidTcpChecksum);
        Assert.Equal(OxmEntry.ParseIpv4("192.168.7.9"), f.Ipv4Src);
    }

    [Fact]
    public void SetField_Ipv4DstOnUdp_KeepsUdpChecksumValid()
    {
        using var buf = new PacketBuffer(Net.UdpAtoB());
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.SetField(buf, ref f, OxmEntry.Ipv4Dst(OxmEntry.ParseIpv4("172.16.0.99")));
        var p = Net.Parse(buf.ToArray());
        Assert.True(p.Extract<IPv4Packet>().ValidIPChecksum);
        Assert.True(p.Extract<UdpPacket>().ValidUdpChecksum);
    }

    [Fact]
    public void SetField_TransportPorts_KeepChecksumsValid()
    {
        using var tcpBuf = new PacketBuffer(Net.TcpAtoB());
        PacketParser.Parse(tcpBuf.Span, 1, out var f);
        PacketRewriter.SetField(tcpBuf, ref f, OxmEntry.TcpDst(8080));
        var tcp = Net.Parse(tcpBuf.ToArray()).Extract<TcpPacket>();
        Assert.Equal(8080, tcp.DestinationPort);
        Assert.True(tcp.ValidTcpChecksum);

        using var udpBuf = new PacketBuffer(Net.UdpAtoB());
        PacketParser.Parse(udpBuf.Span, 1, out var g);
        PacketRewriter.SetField(udpBuf, ref g, OxmEntry.UdpSrc(5353));
        var udp = Net.Parse(udpBuf.ToArray()).Extract<UdpPacket>();
        Assert.Equal(5353, udp.SourcePort);
        Assert.True(udp.ValidUdpChecksum);
    }

    [Fact]
    public void SetField_EthAddresses_RewritesMacs()
    {
        using var buf = new PacketBuffer(Net.UdpAtoB());
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.SetField(buf, ref f, OxmEntry.EthDst(0x0a0b0c0d0e0f));
        PacketRewriter.SetField(buf, ref f, OxmEntry.EthSrc(0x020000000001));
        var eth = (EthernetPacket)Net.Parse(buf.ToArray());
        Assert.Equal("0A0B0C0D0E0F", eth.DestinationHardwareAddress.ToString());
        Assert.Equal("020000000001", eth.SourceHardwareAddress.ToString());
        Assert.Equal(0x0a0b0c0d0e0fUL, f.EthDst);
    }

    [Fact]
    public void SetField_Dscp_KeepsIpChecksumValid()
    {
        using var buf = new PacketBuffer(Net.UdpAtoB());
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.SetField(buf, ref f, new OxmEntry(OxmFieldId.IpDscp, 46));
        var ip = Net.Parse(buf.ToArray()).Extract<IPv4Packet>();
        Assert.Equal(46 << 2, ip.TypeOfService);
        Assert.True(ip.ValidIPChecksum);
    }

    [Fact]
    public void DecrementIpTtl_KeepsChecksumValid_AndExpiresAtOne()
    {
        using var buf = new PacketBuffer(Net.PingAtoB(ttl: 2));
        PacketParser.Parse(buf.Span, 1, out var f);
        Assert.Equal(TtlResult.Ok, PacketRewriter.DecrementIpTtl(buf, ref f));
        var ip = Net.Parse(buf.ToArray()).Extract<IPv4Packet>();
        Assert.Equal(1, ip.TimeToLive);
        Assert.True(ip.ValidIPChecksum);
        Assert.Equal(TtlResult.Expired, PacketRewriter.DecrementIpTtl(buf, ref f));
    }

    [Fact]
    public void DecrementIpTtl_NonIp_IsNotApplicable()
    {
        using var buf = new PacketBuffer(FrameBuilder.ArpRequest(Net.MacA, Net.IpA, Net.IpB));
        PacketParser.Parse(buf.Span, 1, out var f);
        Assert.Equal(TtlResult.NotApplicable, PacketRewriter.DecrementIpTtl(buf, ref f));
    }

    [Fact]
    public void SetField_Ipv6SrcOnNeighborSolicitation_KeepsIcmpv6ChecksumValid()
    {
        var src = new UInt128(0xfe80_0000_0000_0000UL, 1);
        var target = new UInt128(0xfe80_0000_0000_0000UL, 2);
        using var buf = new PacketBuffer(FrameBuilder.NeighborSolicitation(Net.MacA, src, target));
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.SetField(buf, ref f, new OxmEntry(OxmFieldId.Ipv6Src, new UInt128(0x2001_0db8_0000_0000UL, 0x42)));
        PacketRewriter.SetField(buf, ref f, new OxmEntry(OxmFieldId.Ipv6NdSll, 0x020000000077UL));
        var icmp = Net.Parse(buf.ToArray()).Extract<IcmpV6Packet>();
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(IPAddress.Parse("2001:db8::42"), Net.Parse(buf.ToArray()).Extract<IPv6Packet>().SourceAddress);
    }

    [Fact]
    public void PushMplsThenPopMpls_RestoresOriginalFrame()
    {
        var original = Net.PingAtoB(ttl: 33);
        using var buf = new PacketBuffer(original);
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.PushMpls(buf, ref f, EtherTypes.Mpls);
        Assert.Equal(original.Length + 4, buf.Length);
        Assert.Equal(33, buf.Span[14 + 3]); // MPLS TTL copied from the IP TTL
        PacketRewriter.PopMpls(buf, ref f, EtherTypes.Ipv4);
        Assert.Equal(original, buf.ToArray());
    }

    [Fact]
    public void SetField_VlanVidOnUntaggedFrame_IsNoOp()
    {
        var original = Net.UdpAtoB();
        using var buf = new PacketBuffer(original);
        PacketParser.Parse(buf.Span, 1, out var f);
        Assert.False(PacketRewriter.SetField(buf, ref f, OxmEntry.VlanVid(9)));
        Assert.Equal(original, buf.ToArray());
    }
}
