using System.Buffers.Binary;

namespace SdnCtl.Nfv.Packets;

/// <summary>Builds the frames appliances answer with (ARP, ICMP errors and echo replies, TCP RST) into caller buffers.</summary>
internal static class FrameWriter
{
    /// <summary>Minimum Ethernet frame without FCS; shorter answers are padded with zeros.</summary>
    public const int MinFrame = 60;

    /// <summary>Large enough for any answer built here: tagged L2 header, IPv4, ICMP, 60-byte quoted header + 8.</summary>
    public const int MaxAnswer = 18 + 20 + 8 + 60 + 8;

    public const ushort ArpRequest = 1;
    public const ushort ArpReply = 2;

    public static ulong ReadMac(ReadOnlySpan<byte> at) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(at) << 32) | BinaryPrimitives.ReadUInt32BigEndian(at[2..]);

    public static void WriteMac(Span<byte> at, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(at[2..], (uint)mac);
    }

    /// <summary>An ARP packet (RFC 826) in an untagged broadcast or unicast frame; returns its length.</summary>
    public static int WriteArp(Span<byte> buffer, ushort operation, ulong senderMac, uint senderIp, ulong targetMac, uint targetIp)
    {
        Span<byte> f = buffer[..MinFrame];
        f.Clear();
        WriteMac(f, operation == ArpRequest ? 0xFFFF_FFFF_FFFF : targetMac);
        WriteMac(f[6..], senderMac);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], Ipv4Packet.EtherTypeArp);
        Span<byte> arp = f[14..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], Ipv4Packet.EtherTypeIpv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], operation);
        WriteMac(arp[8..], senderMac);
        BinaryPrimitives.WriteUInt32BigEndian(arp[14..], senderIp);
        WriteMac(arp[18..], operation == ArpRequest ? 0 : targetMac);
        BinaryPrimitives.WriteUInt32BigEndian(arp[24..], targetIp);
        return MinFrame;
    }

    /// <summary>
    /// Copies the received frame's L2 header (keeping any VLAN tag) with the addresses turned round:
    /// to the sender, from <paramref name="ownMac"/>.
    /// </summary>
    private static void WriteReplyL2(Span<byte> buffer, ReadOnlySpan<byte> received, int l3, ulong ownMac)
    {
        received[..l3].CopyTo(buffer);
        received.Slice(6, 6).CopyTo(buffer);
        WriteMac(buffer[6..], ownMac);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(l3 - 2)..], Ipv4Packet.EtherTypeIpv4);
    }

    private static void WriteIpv4Header(Span<byte> ip, int totalLength, byte protocol, uint source, uint destination)
    {
        ip[..20].Clear();
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)totalLength);
        ip[8] = 64;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum.Compute(ip[..20]));
    }

    private static int Pad(Span<byte> buffer, int length)
    {
        if (length < MinFrame)
        {
            buffer[length..MinFrame].Clear();
            return MinFrame;
        }

        return length;
    }

    /// <summary>
    /// An ICMP error (RFC 792: time exceeded, destination unreachable) about <paramref name="packet"/>,
    /// quoting its IP header and first 8 data bytes, sent back to its sender from <paramref name="ownIp"/>.
    /// </summary>
    public static int WriteIcmpError(Span<byte> buffer, ReadOnlySpan<byte> received, in Ipv4Packet packet, byte type, byte code, ulong ownMac, uint ownIp)
    {
        int l3 = packet.L3;
        WriteReplyL2(buffer, received, l3, ownMac);
        int quoted = Math.Min(packet.End - l3, packet.L4 - l3 + 8);
        int icmpLength = 8 + quoted;
        Span<byte> icmp = buffer.Slice(l3 + 20, icmpLength);
        icmp[..8].Clear();
        icmp[0] = type;
        icmp[1] = code;
        received.Slice(l3, quoted).CopyTo(icmp[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum.Compute(icmp));
        WriteIpv4Header(buffer[l3..], 20 + icmpLength, IpProtocol.Icmp, ownIp, packet.Source);
        return Pad(buffer, l3 + 20 + icmpLength);
    }

    /// <summary>
    /// A TCP RST answering the segment in <paramref name="packet"/> (RFC 9293 §3.10.7.1): if it carried
    /// an ACK the reset takes that sequence number, otherwise it acknowledges the segment.
    /// </summary>
    public static int WriteTcpReset(Span<byte> buffer, ReadOnlySpan<byte> received, in Ipv4Packet packet, ulong ownMac)
    {
        int l3 = packet.L3;
        WriteReplyL2(buffer, received, l3, ownMac);
        ReadOnlySpan<byte> tcpIn = received[packet.L4..];
        byte flagsIn = tcpIn[13];
        int payload = packet.End - packet.L4 - ((tcpIn[12] >> 4) * 4);
        Span<byte> tcp = buffer.Slice(l3 + 20, 20);
        tcp.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(tcp, BinaryPrimitives.ReadUInt16BigEndian(tcpIn[2..]));
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], BinaryPrimitives.ReadUInt16BigEndian(tcpIn));
        if ((flagsIn & TcpFlags.Ack) != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], BinaryPrimitives.ReadUInt32BigEndian(tcpIn[8..]));
            tcp[13] = TcpFlags.Rst;
        }
        else
        {
            uint ack = BinaryPrimitives.ReadUInt32BigEndian(tcpIn[4..]) + (uint)Math.Max(payload, 0)
                + ((flagsIn & TcpFlags.Syn) != 0 ? 1u : 0u) + ((flagsIn & TcpFlags.Fin) != 0 ? 1u : 0u);
            BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
            tcp[13] = TcpFlags.Rst | TcpFlags.Ack;
        }

        tcp[12] = 5 << 4;
        uint source = packet.Destination;
        uint destination = packet.Source;
        uint pseudo = (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + IpProtocol.Tcp + 20u;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Checksum.Finish(Checksum.Sum(tcp, pseudo)));
        WriteIpv4Header(buffer[l3..], 40, IpProtocol.Tcp, source, destination);
        return Pad(buffer, l3 + 40);
    }

    /// <summary>Turns an ICMP echo request into its reply in place (RFC 792), from <paramref name="ownMac"/>.</summary>
    public static void TurnIntoEchoReply(Span<byte> frame, in Ipv4Packet packet, ulong ownMac)
    {
        frame.Slice(6, 6).CopyTo(frame);
        WriteMac(frame[6..], ownMac);
        Span<byte> ip = frame[packet.L3..];
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], packet.Destination);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], packet.Source);
        ip[8] = 64;
        int headerLength = packet.L4 - packet.L3;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum.Compute(ip[..headerLength]));
        byte code = frame[packet.L4 + 1];
        frame[packet.L4] = 0;
        Checksum.Patch(frame, packet.L4 + 2, (ushort)(0x0800 | code), code);
    }
}
