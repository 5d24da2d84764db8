using System.Buffers.Binary;
using System.Text;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// Builds well-formed frames for hosts and tests: ARP, ICMP echo, UDP, TCP and LLDP, with valid
/// IPv4, ICMP, UDP and TCP checksums. Each has a span writer (returns the length; nothing is
/// allocated) and an array convenience.
/// </summary>
public static class FrameBuilder
{
    /// <summary>LLDP nearest-bridge multicast address 01:80:c2:00:00:0e.</summary>
    public const ulong LldpMulticast = 0x0180_c200_000eUL;

    private const byte DefaultTtl = 64;

    /// <summary>Writes the Ethernet (and 802.1Q) header; returns its length.</summary>
    public static int WriteEthernet(Span<byte> dest, in L2Header l2, ushort etherType)
    {
        PacketParser.WriteMac(dest, l2.Dst);
        PacketParser.WriteMac(dest[6..], l2.Src);
        int off = 12;
        if (l2.VlanVid != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(dest[off..], EtherTypes.Vlan);
            BinaryPrimitives.WriteUInt16BigEndian(dest[(off + 2)..], (ushort)((l2.VlanPcp << 13) | (l2.VlanVid & 0x0fff)));
            off += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(dest[off..], etherType);
        return off + 2;
    }

    /// <summary>ARP request "who has <paramref name="targetIp"/>, tell <paramref name="senderIp"/>", broadcast.</summary>
    public static byte[] ArpRequest(ulong senderMac, uint senderIp, uint targetIp, ushort vlanVid = 0)
    {
        var frame = new byte[(vlanVid != 0 ? 18 : 14) + 28];
        WriteArp(frame, new L2Header(senderMac, L2Header.Broadcast, vlanVid), 1, senderMac, senderIp, 0, targetIp);
        return frame;
    }

    /// <summary>ARP reply "<paramref name="senderIp"/> is at <paramref name="senderMac"/>", unicast to the asker.</summary>
    public static byte[] ArpReply(ulong senderMac, uint senderIp, ulong targetMac, uint targetIp, ushort vlanVid = 0)
    {
        var frame = new byte[(vlanVid != 0 ? 18 : 14) + 28];
        WriteArp(frame, new L2Header(senderMac, targetMac, vlanVid), 2, senderMac, senderIp, targetMac, targetIp);
        return frame;
    }

    /// <summary>Writes an Ethernet/IPv4 ARP packet; returns the frame length.</summary>
    public static int WriteArp(Span<byte> dest, in L2Header l2, ushort op, ulong sha, uint spa, ulong tha, uint tpa)
    {
        int off = WriteEthernet(dest, l2, EtherTypes.Arp);
        var arp = dest[off..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EtherTypes.Ipv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], op);
        PacketParser.WriteMac(arp[8..], sha);
        BinaryPrimitives.WriteUInt32BigEndian(arp[14..], spa);
        PacketParser.WriteMac(arp[18..], tha);
        BinaryPrimitives.WriteUInt32BigEndian(arp[24..], tpa);
        return off + 28;
    }

    /// <summary>ICMP echo request (type 8) or reply (type 0).</summary>
    public static byte[] IcmpEcho(in L2Header l2, uint srcIp, uint dstIp, bool reply, ushort id, ushort sequence, ReadOnlySpan<byte> payload = default, byte ttl = DefaultTtl)
    {
        var frame = new byte[l2.Length + 20 + 8 + payload.Length];
        WriteIcmpEcho(frame, l2, srcIp, dstIp, reply, id, sequence, payload, ttl);
        return frame;
    }

    /// <summary>Writes an ICMP echo request/reply; returns the frame length.</summary>
    public static int WriteIcmpEcho(Span<byte> dest, in L2Header l2, uint srcIp, uint dstIp, bool reply, ushort id, ushort sequence, ReadOnlySpan<byte> payload, byte ttl = DefaultTtl)
    {
        int off = WriteEthernet(dest, l2, EtherTypes.Ipv4);
        int icmpLen = 8 + payload.Length;
        WriteIpv4Header(dest[off..], srcIp, dstIp, IpProtocols.Icmp, icmpLen, ttl);
        var icmp = dest.Slice(off + 20, icmpLen);
        icmp[0] = reply ? (byte)0 : (byte)8;
        icmp[1] = 0;
        icmp[2] = 0;
        icmp[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], id);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        payload.CopyTo(icmp[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksums.Compute(icmp));
        return off + 20 + icmpLen;
    }

    /// <summary>A UDP datagram.</summary>
    public static byte[] Udp(in L2Header l2, uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, ReadOnlySpan<byte> payload = default, byte ttl = DefaultTtl)
    {
        var frame = new byte[l2.Length + 20 + 8 + payload.Length];
        WriteUdp(frame, l2, srcIp, dstIp, srcPort, dstPort, payload, ttl);
        return frame;
    }

    /// <summary>Writes a UDP datagram with its checksum; returns the frame length.</summary>
    public static int WriteUdp(Span<byte> dest, in L2Header l2, uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, ReadOnlySpan<byte> payload, byte ttl = DefaultTtl)
    {
        int off = WriteEthernet(dest, l2, EtherTypes.Ipv4);
        int udpLen = 8 + payload.Length;
        WriteIpv4Header(dest[off..], srcIp, dstIp, IpProtocols.Udp, udpLen, ttl);
        var udp = dest.Slice(off + 20, udpLen);
        BinaryPrimitives.WriteUInt16BigEndian(udp, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], dstPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLen);
        udp[6] = 0;
        udp[7] = 0;
        payload.CopyTo(udp[8..]);
        ushort csum = Checksums.Finish(Checksums.Sum(udp, Checksums.PseudoHeaderV4(srcIp, dstIp, IpProtocols.Udp, udpLen)));
        // RFC 768: a computed zero is sent as all ones.
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], csum == 0 ? (ushort)0xffff : csum);
        return off + 20 + udpLen;
    }

    /// <summary>A TCP segment (e.g. SYN, SYN|ACK, RST) without options.</summary>
    public static byte[] Tcp(in L2Header l2, uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, TcpFlags flags, uint sequence = 0, uint acknowledgment = 0, ReadOnlySpan<byte> payload = default, byte ttl = DefaultTtl)
    {
        var frame = new byte[l2.Length + 20 + 20 + payload.Length];
        WriteTcp(frame, l2, srcIp, dstIp, srcPort, dstPort, flags, sequence, acknowledgment, payload, ttl);
        return frame;
    }

    /// <summary>Writes a TCP segment with its checksum; returns the frame length.</summary>
    public static int WriteTcp(Span<byte> dest, in L2Header l2, uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, TcpFlags flags, uint sequence, uint acknowledgment, ReadOnlySpan<byte> payload, byte ttl = DefaultTtl)
    {
        int off = WriteEthernet(dest, l2, EtherTypes.Ipv4);
        int tcpLen = 20 + payload.Length;
        WriteIpv4Header(dest[off..], srcIp, dstIp, IpProtocols.Tcp, tcpLen, ttl);
        var tcp = dest.Slice(off + 20, tcpLen);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], dstPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], acknowledgment);
        tcp[12] = 5 << 4;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        tcp[16] = 0;
        tcp[17] = 0;
        tcp[18] = 0;
        tcp[19] = 0;
        payload.CopyTo(tcp[20..]);
        ushort csum = Checksums.Finish(Checksums.Sum(tcp, Checksums.PseudoHeaderV4(srcIp, dstIp, IpProtocols.Tcp, tcpLen)));
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], csum);
        return off + 20 + tcpLen;
    }

    /// <summary>
    /// An LLDP frame (IEEE 802.1AB) as a controller sends for discovery: chassis id = the datapath
    /// id ("dpid:%016x", locally assigned subtype 7), port id = the 4-byte port number (port
    /// component subtype 2), TTL, end.
    /// </summary>
    public static byte[] Lldp(ulong srcMac, ulong datapathId, uint portNo, ushort ttlSeconds = 120)
    {
        string chassis = $"dpid:{datapathId:x16}";
        int len = 14 + (2 + 1 + chassis.Length) + (2 + 1 + 4) + (2 + 2) + 2;
        var frame = new byte[Math.Max(len, 60)];
        int off = WriteEthernet(frame, new L2Header(srcMac, LldpMulticast), EtherTypes.Lldp);
        off += WriteTlvHeader(frame.AsSpan(off), 1, 1 + chassis.Length);
        frame[off++] = 7;
        off += Encoding.ASCII.GetBytes(chassis, frame.AsSpan(off));
        off += WriteTlvHeader(frame.AsSpan(off), 2, 5);
        frame[off++] = 2;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(off), portNo);
        off += 4;
        off += WriteTlvHeader(frame.AsSpan(off), 3, 2);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(off), ttlSeconds);
        off += 2;
        WriteTlvHeader(frame.AsSpan(off), 0, 0);
        return frame;
    }

    /// <summary>
    /// An ICMPv6 neighbor solicitation for <paramref name="target"/> with a source link-layer
    /// address option, sent to the solicited-node multicast group.
    /// </summary>
    public static byte[] NeighborSolicitation(ulong srcMac, UInt128 srcIp, UInt128 target)
    {
        UInt128 solicited = (UInt128.Parse("ff020000000000000000000100000000", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) | 0xff000000u) | (target & 0xffffff);
        ulong dstMac = 0x3333_0000_0000UL | (ulong)(solicited & 0xffffffff);
        const int IcmpLen = 32;
        var frame = new byte[14 + 40 + IcmpLen];
        int off = WriteEthernet(frame, new L2Header(srcMac, dstMac), EtherTypes.Ipv6);
        var ip = frame.AsSpan(off);
        BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], IcmpLen);
        ip[6] = IpProtocols.Icmpv6;
        ip[7] = 255;
        BinaryPrimitives.WriteUInt128BigEndian(ip[8..], srcIp);
        BinaryPrimitives.WriteUInt128BigEndian(ip[24..], solicited);
        var icmp = ip.Slice(40, IcmpLen);
        icmp[0] = 135;
        BinaryPrimitives.WriteUInt128BigEndian(icmp[8..], target);
        icmp[24] = 1;
        icmp[25] = 1;
        PacketParser.WriteMac(icmp[26..], srcMac);
        uint pseudo = Checksums.PseudoHeaderV6(ip.Slice(8, 16), ip.Slice(24, 16), IpProtocols.Icmpv6, IcmpLen);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksums.Finish(Checksums.Sum(icmp, pseudo)));
        return frame;
    }

    /// <summary>Writes a 20-byte IPv4 header (no options, DF clear) with its checksum.</summary>
    public static void WriteIpv4Header(Span<byte> dest, uint srcIp, uint dstIp, byte protocol, int payloadLength, byte ttl = DefaultTtl, byte tos = 0, ushort id = 0)
    {
        dest[0] = 0x45;
        dest[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], (ushort)(20 + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(dest[4..], id);
        dest[6] = 0;
        dest[7] = 0;
        dest[8] = ttl;
        dest[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(dest[12..], srcIp);
        BinaryPrimitives.WriteUInt32BigEndian(dest[16..], dstIp);
        PacketRewriter.FixIpv4HeaderChecksum(dest[..20]);
    }

    private static int WriteTlvHeader(Span<byte> dest, int type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)((type << 9) | length));
        return 2;
    }
}
