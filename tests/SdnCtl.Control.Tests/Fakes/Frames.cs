using System.Buffers.Binary;
using SdnCtl.Control.Packets;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>Builds the frames hosts send in the tests.</summary>
internal static class Frames
{
    public const ulong Broadcast = 0xffff_ffff_ffff;

    public static byte[] ArpRequest(ulong senderMac, uint senderIp, uint targetIp)
    {
        var frame = new byte[ArpPacket.FrameSize];
        EthernetHeader.Write(frame, Broadcast, senderMac, EtherTypes.Arp);
        new ArpPacket(ArpPacket.Request, senderMac, senderIp, 0, targetIp).Write(frame.AsSpan(EthernetHeader.Size));
        return frame;
    }

    /// <summary>A gratuitous ARP: a host announcing its own address (not answered by proxy ARP, flooded).</summary>
    public static byte[] GratuitousArp(ulong mac, uint ip) => ArpRequest(mac, ip, ip);

    public static byte[] ArpReply(ulong senderMac, uint senderIp, ulong targetMac, uint targetIp)
    {
        var frame = new byte[ArpPacket.FrameSize];
        EthernetHeader.Write(frame, targetMac, senderMac, EtherTypes.Arp);
        new ArpPacket(ArpPacket.Reply, senderMac, senderIp, targetMac, targetIp).Write(frame.AsSpan(EthernetHeader.Size));
        return frame;
    }

    /// <summary>A UDP-less IPv4 datagram; <paramref name="id"/> goes in the IP id so that frames differ.</summary>
    public static byte[] Ipv4(ulong srcMac, ulong dstMac, uint srcIp, uint dstIp, ushort id = 1)
    {
        var frame = new byte[EthernetHeader.Size + 20 + 8];
        EthernetHeader.Write(frame, dstMac, srcMac, EtherTypes.Ipv4);
        Span<byte> ip = frame.AsSpan(EthernetHeader.Size);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 28);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], id);
        ip[8] = 64;
        ip[9] = 253; // experimental protocol: nothing to parse beyond the header
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], srcIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], dstIp);
        return frame;
    }

    public static byte[] Ipv4(FakeHost from, FakeHost to, ushort id = 1) => Ipv4(from.Mac, to.Mac, from.Ipv4, to.Ipv4, id);
}
