using System.Buffers.Binary;

namespace SdnCtl.Nfv.Packets;

/// <summary>
/// Offsets and fields of an IPv4 packet inside an Ethernet frame (untagged or one 802.1Q tag),
/// read once and checked against the frame's length before any field is used.
/// </summary>
/// <remarks>
/// RFC 791 §3.1: version/IHL 0, total length 2, flags/fragment 6, TTL 8, protocol 9, checksum 10,
/// source 12, destination 16. TCP (RFC 9293 §3.1): ports 0/2, seq 4, ack 8, offset 12, flags 13,
/// checksum 16. UDP (RFC 768): ports 0/2, length 4, checksum 6. ICMP (RFC 792): type 0, code 1,
/// checksum 2, echo identifier 4.
/// </remarks>
internal readonly struct Ipv4Packet
{
    public const int EthernetHeader = 14;
    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeVlan = 0x8100;

    private Ipv4Packet(int l3, int l4, int end, byte protocol, uint source, uint destination, bool firstFragment, bool hasPorts)
    {
        L3 = l3;
        L4 = l4;
        End = end;
        Protocol = protocol;
        Source = source;
        Destination = destination;
        FirstFragment = firstFragment;
        HasPorts = hasPorts;
    }

    /// <summary>Offset of the IPv4 header in the frame.</summary>
    public int L3 { get; }

    /// <summary>Offset of the transport header.</summary>
    public int L4 { get; }

    /// <summary>Offset just past the IPv4 packet (total length); bytes after it are Ethernet padding.</summary>
    public int End { get; }

    public byte Protocol { get; }

    public uint Source { get; }

    public uint Destination { get; }

    /// <summary>False for the second and later fragments, which carry no transport header.</summary>
    public bool FirstFragment { get; }

    /// <summary>True when the transport header's ports (TCP/UDP) or echo identifier (ICMP) are present.</summary>
    public bool HasPorts { get; }

    public int TtlOffset => L3 + 8;

    public int ChecksumOffset => L3 + 10;

    /// <summary>Reads the EtherType (skipping one 802.1Q tag) and the offset of the payload.</summary>
    public static bool TryReadEtherType(ReadOnlySpan<byte> frame, out ushort etherType, out int l3)
    {
        etherType = 0;
        l3 = EthernetHeader;
        if (frame.Length < EthernetHeader)
        {
            return false;
        }

        etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        if (etherType == EtherTypeVlan)
        {
            if (frame.Length < EthernetHeader + 4)
            {
                return false;
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[16..]);
            l3 = EthernetHeader + 4;
        }

        return true;
    }

    /// <summary>Parses the IPv4 packet at <paramref name="l3"/>; false when it is truncated or not IPv4.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, int l3, out Ipv4Packet packet)
    {
        packet = default;
        if (frame.Length < l3 + 20)
        {
            return false;
        }

        ReadOnlySpan<byte> ip = frame[l3..];
        int versionIhl = ip[0];
        int headerLength = (versionIhl & 0xF) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if ((versionIhl >> 4) != 4 || headerLength < 20 || totalLength < headerLength || totalLength > ip.Length)
        {
            return false;
        }

        byte protocol = ip[9];
        bool firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1FFF) == 0;
        int l4 = l3 + headerLength;
        int end = l3 + totalLength;
        int needed = protocol switch
        {
            IpProtocol.Tcp => 20,
            IpProtocol.Udp => 8,
            IpProtocol.Icmp => 8,
            _ => int.MaxValue,
        };
        bool hasPorts = firstFragment && needed != int.MaxValue && end - l4 >= needed;
        packet = new Ipv4Packet(
            l3, l4, end, protocol,
            BinaryPrimitives.ReadUInt32BigEndian(ip[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(ip[16..]),
            firstFragment, hasPorts);
        return true;
    }

    /// <summary>Whether the packet is an ICMP echo request or reply (the only ICMP that has an identifier to track).</summary>
    public bool IsIcmpEcho(ReadOnlySpan<byte> frame) => Protocol == IpProtocol.Icmp && HasPorts && frame[L4] is 0 or 8;

    /// <summary>
    /// The flow's source "port": TCP/UDP source port; for ICMP echo request the identifier, for an
    /// echo reply 0 (so a reply's key is the reverse of its request's key).
    /// </summary>
    public ushort SourcePort(ReadOnlySpan<byte> frame) => !HasPorts ? (ushort)0 : Protocol switch
    {
        IpProtocol.Icmp => frame[L4] == 8 ? BinaryPrimitives.ReadUInt16BigEndian(frame[(L4 + 4)..]) : (ushort)0,
        _ => BinaryPrimitives.ReadUInt16BigEndian(frame[L4..]),
    };

    /// <summary>The flow's destination "port": TCP/UDP destination port, the identifier of an ICMP echo reply.</summary>
    public ushort DestinationPort(ReadOnlySpan<byte> frame) => !HasPorts ? (ushort)0 : Protocol switch
    {
        IpProtocol.Icmp => frame[L4] == 0 ? BinaryPrimitives.ReadUInt16BigEndian(frame[(L4 + 4)..]) : (ushort)0,
        _ => BinaryPrimitives.ReadUInt16BigEndian(frame[(L4 + 2)..]),
    };

    /// <summary>Offset of the transport checksum, or -1 when there is none to keep right (UDP checksum 0).</summary>
    public int TransportChecksumOffset(ReadOnlySpan<byte> frame)
    {
        if (!HasPorts)
        {
            return -1;
        }

        return Protocol switch
        {
            IpProtocol.Tcp => L4 + 16,
            IpProtocol.Udp => BinaryPrimitives.ReadUInt16BigEndian(frame[(L4 + 6)..]) == 0 ? -1 : L4 + 6,
            IpProtocol.Icmp => L4 + 2,
            _ => -1,
        };
    }
}
