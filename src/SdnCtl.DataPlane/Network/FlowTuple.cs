using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Network;

/// <summary>The 5-tuple of a TCP or UDP frame (VLAN tags looked through), for following a connection attempt.</summary>
internal readonly record struct FlowTuple(byte Protocol, uint Source, ushort SourcePort, uint Destination, ushort DestinationPort)
{
    public FlowTuple Reverse => new(Protocol, Destination, DestinationPort, Source, SourcePort);

    public static bool TryRead(ReadOnlySpan<byte> frame, out FlowTuple tuple)
    {
        tuple = default;
        if (frame.Length < 14)
        {
            return false;
        }

        PacketParser.Parse(frame, 0, out var fields);
        if (!fields.IsIpv4 || fields.IpProto is not (IpProtocols.Tcp or IpProtocols.Udp) || fields.L4Offset < 0)
        {
            return false;
        }

        tuple = new FlowTuple(fields.IpProto, fields.Ipv4Src, fields.L4Src, fields.Ipv4Dst, fields.L4Dst);
        return true;
    }
}
