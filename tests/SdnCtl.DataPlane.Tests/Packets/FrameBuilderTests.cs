using System.Net;
using PacketDotNet;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Tests.Support;

namespace SdnCtl.DataPlane.Tests.Packets;

/// <summary>Frames built here are checked by an independent parser (PacketDotNet).</summary>
public sealed class FrameBuilderTests
{
    [Fact]
    public void IcmpEcho_Request_HasValidIpAndIcmpChecksums()
    {
        var frame = Net.PingAtoB();
        var p = Net.Parse(frame);
        var ip = p.Extract<IPv4Packet>();
        var icmp = p.Extract<IcmpV4Packet>();
        Assert.True(ip.ValidIPChecksum);
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(IcmpV4TypeCode.EchoRequest, icmp.TypeCode);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ip.SourceAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), ip.DestinationAddress);
        Assert.Equal(7, icmp.Id);
    }

    [Fact]
    public void IcmpEcho_Reply_HasEchoReplyType()
    {
        var frame = FrameBuilder.IcmpEcho(new L2Header(Net.MacB, Net.MacA), Net.IpB, Net.IpA, reply: true, 7, 1, "x"u8);
        var icmp = Net.Parse(frame).Extract<IcmpV4Packet>();
        Assert.Equal(IcmpV4TypeCode.EchoReply, icmp.TypeCode);
        Assert.True(icmp.ValidIcmpChecksum);
    }

    [Fact]
    public void Udp_Frame_HasValidChecksumsAndPorts()
    {
        var p = Net.Parse(Net.UdpAtoB(1234, 53));
        var udp = p.Extract<UdpPacket>();
        Assert.True(p.Extract<IPv4Packet>().ValidIPChecksum);
        Assert.True(udp.ValidUdpChecksum);
        Assert.Equal(1234, udp.SourcePort);
        Assert.Equal(53, udp.DestinationPort);
    }

    [Theory]
    [InlineData(TcpFlags.Syn)]
    [InlineData(TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData(TcpFlags.Rst)]
    public void Tcp_Frame_HasValidChecksumAndFlags(TcpFlags flags)
    {
        var tcp = Net.Parse(Net.TcpAtoB(40000, 443, flags)).Extract<TcpPacket>();
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal((flags & TcpFlags.Syn) != 0, tcp.Synchronize);
        Assert.Equal((flags & TcpFlags.Ack) != 0, tcp.Acknowledgment);
        Assert.Equal((flags & TcpFlags.Rst) != 0, tcp.Reset);
        Assert.Equal(443, tcp.DestinationPort);
    }

    [Fact]
    public void ArpRequest_IsBroadcastWhoHas()
    {
        var p = Net.Parse(FrameBuilder.ArpRequest(Net.MacA, Net.IpA, Net.IpB));
        var eth = (EthernetPacket)p;
        var arp = p.Extract<ArpPacket>();
        Assert.Equal("FFFFFFFFFFFF", eth.DestinationHardwareAddress.ToString());
        Assert.Equal(ArpOperation.Request, arp.Operation);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), arp.TargetProtocolAddress);
        Assert.Equal("00000000000A", arp.SenderHardwareAddress.ToString());
    }

    [Fact]
    public void ArpReply_AnswersTheAsker()
    {
        var arp = Net.Parse(FrameBuilder.ArpReply(Net.MacB, Net.IpB, Net.MacA, Net.IpA)).Extract<ArpPacket>();
        Assert.Equal(ArpOperation.Response, arp.Operation);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), arp.SenderProtocolAddress);
        Assert.Equal("00000000000A", arp.TargetHardwareAddress.ToString());
    }

    [Fact]
    public void VlanTaggedFrame_HasTagBitsPacketDotNetReads()
    {
        var frame = FrameBuilder.Udp(new L2Header(Net.MacA, Net.MacB, VlanVid: 100, VlanPcp: 5), Net.IpA, Net.IpB, 1, 2);
        var tag = Net.Parse(frame).Extract<Ieee8021QPacket>();
        Assert.Equal(100, tag.VlanIdentifier);
        Assert.Equal(5, (int)tag.PriorityControlPoint);
        Assert.Equal(EthernetType.IPv4, tag.Type);
    }

    [Fact]
    public void Lldp_CarriesDatapathIdPortAndTtl()
    {
        var frame = FrameBuilder.Lldp(Net.MacA, 0x1234, 7, 120);
        var lldp = Net.Parse(frame).Extract<LldpPacket>();
        Assert.NotNull(lldp);
        var chassis = lldp.TlvCollection.OfType<PacketDotNet.Lldp.ChassisIdTlv>().Single();
        var port = lldp.TlvCollection.OfType<PacketDotNet.Lldp.PortIdTlv>().Single();
        var ttl = lldp.TlvCollection.OfType<PacketDotNet.Lldp.TimeToLiveTlv>().Single();
        Assert.Equal(PacketDotNet.Lldp.ChassisSubType.LocallyAssigned, chassis.SubType);
        Assert.Equal("dpid:0000000000001234", AsText(chassis.SubTypeValue));
        Assert.Equal(PacketDotNet.Lldp.PortSubType.PortComponent, port.SubType);
        Assert.Equal(new byte[] { 0, 0, 0, 7 }, (byte[])port.SubTypeValue);
        Assert.Equal(120, ttl.Seconds);
    }

    private static string AsText(object value) => value as string ?? System.Text.Encoding.ASCII.GetString((byte[])value);

    [Fact]
    public void NeighborSolicitation_HasValidIcmpv6Checksum()
    {
        var src = UInt128.Parse("fe800000000000000000000000000001", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var target = UInt128.Parse("fe800000000000000000000000000002", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var icmp = Net.Parse(FrameBuilder.NeighborSolicitation(Net.MacA, src, target)).Extract<IcmpV6Packet>();
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(IcmpV6Type.NeighborSolicitation, icmp.Type);
    }

    [Fact]
    public void Checksums_IncrementalUpdate_EqualsRecomputation()
    {
        var data = new byte[] { 0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };
        ushort before = Checksums.Compute(data);
        ushort oldWord = (ushort)((data[8] << 8) | data[9]);
        data[8] = 0x3f;
        ushort newWord = (ushort)((data[8] << 8) | data[9]);
        Assert.Equal(Checksums.Compute(data), Checksums.Update(before, oldWord, newWord));
    }

    [Fact]
    public void MacAddresses_ParseAndFormat_RoundTrip()
    {
        ulong mac = MacAddresses.Parse("02:00:5e:10:00:01");
        Assert.Equal(0x02005e100001UL, mac);
        Assert.Equal("02:00:5e:10:00:01", MacAddresses.Format(mac));
        Assert.True(MacAddresses.IsMulticast(FrameBuilder.LldpMulticast));
        Assert.False(MacAddresses.IsMulticast(mac));
    }
}
