namespace SdnCtl.DataPlane.Packets;

/// <summary>Ethertypes and IP protocol numbers the parser and the rewriter understand.</summary>
public static class EtherTypes
{
    /// <summary>IPv4.</summary>
    public const ushort Ipv4 = 0x0800;

    /// <summary>ARP.</summary>
    public const ushort Arp = 0x0806;

    /// <summary>IEEE 802.1Q customer VLAN tag.</summary>
    public const ushort Vlan = 0x8100;

    /// <summary>IEEE 802.1ad service VLAN tag (QinQ outer tag).</summary>
    public const ushort QinQ = 0x88a8;

    /// <summary>IPv6.</summary>
    public const ushort Ipv6 = 0x86dd;

    /// <summary>MPLS unicast.</summary>
    public const ushort Mpls = 0x8847;

    /// <summary>MPLS multicast.</summary>
    public const ushort MplsMulticast = 0x8848;

    /// <summary>IEEE 802.1ah provider backbone bridging I-TAG.</summary>
    public const ushort Pbb = 0x88e7;

    /// <summary>Link Layer Discovery Protocol.</summary>
    public const ushort Lldp = 0x88cc;

    /// <summary>True for the TPIDs that introduce a VLAN tag.</summary>
    public static bool IsVlanTpid(ushort etherType) => etherType is Vlan or QinQ;

    /// <summary>True for MPLS ethertypes.</summary>
    public static bool IsMpls(ushort etherType) => etherType is Mpls or MplsMulticast;
}
