namespace SdnCtl.Control.Packets;

/// <summary>The ethertypes the control plane looks at.</summary>
internal static class EtherTypes
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Vlan = 0x8100;
    public const ushort Lldp = 0x88cc;
}
