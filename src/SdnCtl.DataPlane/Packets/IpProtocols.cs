namespace SdnCtl.DataPlane.Packets;

/// <summary>IP protocol numbers (IPv4 protocol / IPv6 next header).</summary>
public static class IpProtocols
{
    /// <summary>IPv6 hop-by-hop options header.</summary>
    public const byte HopByHop = 0;

    /// <summary>ICMP.</summary>
    public const byte Icmp = 1;

    /// <summary>TCP.</summary>
    public const byte Tcp = 6;

    /// <summary>UDP.</summary>
    public const byte Udp = 17;

    /// <summary>IPv6 routing header.</summary>
    public const byte Ipv6Route = 43;

    /// <summary>IPv6 fragment header.</summary>
    public const byte Ipv6Fragment = 44;

    /// <summary>Encapsulating security payload.</summary>
    public const byte Esp = 50;

    /// <summary>Authentication header.</summary>
    public const byte Ah = 51;

    /// <summary>ICMPv6.</summary>
    public const byte Icmpv6 = 58;

    /// <summary>IPv6 no next header.</summary>
    public const byte Ipv6NoNext = 59;

    /// <summary>IPv6 destination options.</summary>
    public const byte Ipv6DestOpts = 60;

    /// <summary>SCTP.</summary>
    public const byte Sctp = 132;
}
