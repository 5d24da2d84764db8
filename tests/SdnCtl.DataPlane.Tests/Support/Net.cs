using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Support;

/// <summary>Addresses and frames shared by the tests.</summary>
internal static class Net
{
    public const ulong MacA = 0x0000_0000_000aUL;
    public const ulong MacB = 0x0000_0000_000bUL;
    public const ulong MacC = 0x0000_0000_000cUL;

    public static readonly uint IpA = OxmEntry.ParseIpv4("10.0.0.1");
    public static readonly uint IpB = OxmEntry.ParseIpv4("10.0.0.2");
    public static readonly uint IpC = OxmEntry.ParseIpv4("10.0.1.3");

    public static byte[] UdpAtoB(ushort srcPort = 1000, ushort dstPort = 2000, ushort vlan = 0) =>
        FrameBuilder.Udp(new L2Header(MacA, MacB, vlan), IpA, IpB, srcPort, dstPort, "hello"u8);

    public static byte[] TcpAtoB(ushort srcPort = 40000, ushort dstPort = 80, TcpFlags flags = TcpFlags.Syn) =>
        FrameBuilder.Tcp(new L2Header(MacA, MacB), IpA, IpB, srcPort, dstPort, flags, 1000);

    public static byte[] PingAtoB(byte ttl = 64) =>
        FrameBuilder.IcmpEcho(new L2Header(MacA, MacB), IpA, IpB, reply: false, id: 7, sequence: 1, "abcdefgh"u8, ttl);

    public static PacketDotNet.Packet Parse(byte[] frame) => PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Ethernet, frame);
}
