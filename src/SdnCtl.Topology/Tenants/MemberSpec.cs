using System.Globalization;

namespace SdnCtl.Topology.Tenants;

/// <summary>One membership rule of a segment: a switch port, a MAC address or an IPv4 subnet.</summary>
/// <param name="Kind">Which of the three the rule is; only the matching value is meaningful.</param>
/// <param name="Port">The access port, for <see cref="MemberKind.Port"/>.</param>
/// <param name="Mac">The host MAC, for <see cref="MemberKind.Mac"/>.</param>
/// <param name="Subnet">The source subnet, for <see cref="MemberKind.Subnet"/>.</param>
public sealed record MemberSpec(MemberKind Kind, PortRef Port, ulong Mac, Ipv4Prefix Subnet)
{
    /// <summary>Membership of everything on <paramref name="port"/>.</summary>
    public static MemberSpec ForPort(PortRef port) => new(MemberKind.Port, port, 0, default);

    /// <summary>Membership of the host with <paramref name="mac"/>.</summary>
    public static MemberSpec ForMac(ulong mac) => new(MemberKind.Mac, default, mac, default);

    /// <summary>Membership of hosts whose source IPv4 address is in <paramref name="subnet"/>.</summary>
    public static MemberSpec ForSubnet(Ipv4Prefix subnet) => new(MemberKind.Subnet, default, 0, subnet);

    /// <summary>The member's value as written: <c>s1:2</c>, a MAC, or <c>10.1.0.0/24</c>.</summary>
    public string Value => Kind switch
    {
        MemberKind.Port => Port.ToString(),
        MemberKind.Mac => MacFormat.Format(Mac),
        _ => Subnet.ToString(),
    };

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()} {Value}");
}
