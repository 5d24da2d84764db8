namespace SdnCtl.Nfv.Firewall;

/// <summary>One firewall rule; rules are tried in order and the first that matches decides.</summary>
public sealed class FirewallRuleOptions
{
    /// <summary>Optional name, shown with the rule's hit counter.</summary>
    public string? Name { get; set; }

    /// <summary>What to do with a matching new connection.</summary>
    public FirewallAction Action { get; set; } = FirewallAction.Allow;

    /// <summary><c>any</c>, <c>tcp</c>, <c>udp</c>, <c>icmp</c>, or an IP protocol number 0–255.</summary>
    public string Protocol { get; set; } = "any";

    /// <summary>Source network, <c>10.0.0.0/8</c>; a bare address is a /32.</summary>
    public string Source { get; set; } = "0.0.0.0/0";

    /// <summary>Destination network.</summary>
    public string Destination { get; set; } = "0.0.0.0/0";

    /// <summary>Source port or range (<c>80</c>, <c>1024-65535</c>); TCP and UDP only; unset matches all.</summary>
    public string? SourcePorts { get; set; }

    /// <summary>Destination port or range; TCP and UDP only; unset matches all.</summary>
    public string? DestinationPorts { get; set; }

    /// <summary>ICMP type to match (0–255); ICMP only; unset matches all.</summary>
    public int? IcmpType { get; set; }
}
