using System.Buffers.Binary;

namespace SdnCtl.Control.Packets;

/// <summary>An Ethernet/IPv4 ARP packet (RFC 826), the only kind the control plane answers.</summary>
/// <param name="Operation">1 = request, 2 = reply.</param>
/// <param name="SenderMac">sha.</param>
/// <param name="SenderIp">spa, host order.</param>
/// <param name="TargetMac">tha.</param>
/// <param name="TargetIp">tpa, host order.</param>
internal readonly record struct ArpPacket(ushort Operation, ulong SenderMac, uint SenderIp, ulong TargetMac, uint TargetIp)
{
    /*
     * RFC 826, for Ethernet (htype 1) and IPv4 (ptype 0x0800):
     *   0  htype (2) = 1        2  ptype (2) = 0x0800
     *   4  hlen (1) = 6         5  plen (1) = 4
     *   6  oper (2)
     *   8  sha (6)             14  spa (4)
     *  18  tha (6)             24  tpa (4)
     *  28
     */
    public const int Size = 28;
    public const ushort Request = 1;
    public const ushort Reply = 2;

    /// <summary>Frame length of an untagged ARP packet without padding.</summary>
    public const int FrameSize = EthernetHeader.Size + Size;

    public bool IsRequest => Operation == Request;

    /// <summary>Reads the ARP payload (after the Ethernet header); false for anything but Ethernet/IPv4 ARP.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out ArpPacket arp)
    {
        if (payload.Length < Size ||
            BinaryPrimitives.ReadUInt16BigEndian(payload) != 1 ||
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]) != EtherTypes.Ipv4 ||
            payload[4] != 6 || payload[5] != 4)
        {
            arp = default;
            return false;
        }

        arp = new ArpPacket(
            BinaryPrimitives.ReadUInt16BigEndian(payload[6..]),
            Mac.Read(payload[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(payload[14..]),
            Mac.Read(payload[18..]),
            BinaryPrimitives.ReadUInt32BigEndian(payload[24..]));
        return true;
    }

    /// <summary>Writes the ARP payload (28 bytes).</summary>
    public void Write(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt16BigEndian(payload, 1);
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], EtherTypes.Ipv4);
        payload[4] = 6;
        payload[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(payload[6..], Operation);
        Mac.Write(payload[8..], SenderMac);
        BinaryPrimitives.WriteUInt32BigEndian(payload[14..], SenderIp);
        Mac.Write(payload[18..], TargetMac);
        BinaryPrimitives.WriteUInt32BigEndian(payload[24..], TargetIp);
    }

    /// <summary>
    /// Builds the reply a host owning <paramref name="ownerMac"/> would send to
    /// <paramref name="request"/>: unicast to the asker, sender = the owner, target = the asker.
    /// </summary>
    public static byte[] BuildReplyFrame(in ArpPacket request, ulong ownerMac)
    {
        var frame = new byte[FrameSize];
        EthernetHeader.Write(frame, request.SenderMac, ownerMac, EtherTypes.Arp);
        new ArpPacket(Reply, ownerMac, request.TargetIp, request.SenderMac, request.SenderIp).Write(frame.AsSpan(EthernetHeader.Size));
        return frame;
    }
}
