using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Intents;

/// <summary>
/// Which traffic of a point-to-point intent is steered (every field optional; none means all traffic
/// entering the source port). IPv4 fields imply eth_type 0x0800, ports imply their protocol.
/// </summary>
/// <param name="IpProto">IP protocol number (6 TCP, 17 UDP, 1 ICMP).</param>
/// <param name="Ipv4Source">Source network.</param>
/// <param name="Ipv4Destination">Destination network.</param>
/// <param name="SourcePort">TCP/UDP source port; needs <paramref name="IpProto"/> 6 or 17.</param>
/// <param name="DestinationPort">TCP/UDP destination port; needs <paramref name="IpProto"/> 6 or 17.</param>
public sealed record IntentMatch(
    byte? IpProto = null,
    Ipv4Prefix? Ipv4Source = null,
    Ipv4Prefix? Ipv4Destination = null,
    ushort? SourcePort = null,
    ushort? DestinationPort = null)
{
    /// <summary>True when nothing is matched beyond the ingress port.</summary>
    public bool IsEmpty => IpProto is null && Ipv4Source is null && Ipv4Destination is null && SourcePort is null && DestinationPort is null;
}
