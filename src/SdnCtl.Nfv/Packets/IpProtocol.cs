namespace SdnCtl.Nfv.Packets;

/// <summary>IANA protocol numbers the appliances look into.</summary>
internal static class IpProtocol
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
}
