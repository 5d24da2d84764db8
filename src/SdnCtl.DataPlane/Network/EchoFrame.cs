using System.Buffers.Binary;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Network;

/// <summary>The fields that identify an ICMP echo request or reply (VLAN tags are looked through).</summary>
internal readonly record struct EchoFrame(uint Source, uint Destination, bool IsRequest, ushort Identifier, ushort Sequence)
{
    public static bool TryRead(ReadOnlySpan<byte> frame, out EchoFrame echo)
    {
        echo = default;
        PacketParser.Parse(frame, 0, out var fields);
        if (!fields.IsIpv4 || fields.IpProto != IpProtocols.Icmp || fields.L4Offset < 0 || frame.Length < fields.L4Offset + 8)
        {
            return false;
        }

        var icmp = frame[fields.L4Offset..];
        if (icmp[0] is not (0 or 8))
        {
            return false;
        }

        echo = new EchoFrame(fields.Ipv4Src, fields.Ipv4Dst, icmp[0] == 8, BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]), BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]));
        return true;
    }
}
