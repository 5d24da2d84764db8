using System.Net;

namespace SdnCtl.Topology;

/// <summary>An end host (a VM or server) attached to one switch port.</summary>
/// <param name="Name">The host name, unique among the switches and hosts of the topology.</param>
/// <param name="Mac">The 48-bit unicast MAC address in the low bits; format it with <see cref="MacFormat.Format(ulong)"/>.</param>
/// <param name="Ipv4">The host's IPv4 address.</param>
/// <param name="PrefixLength">The prefix length of the host's subnet, 1–32.</param>
/// <param name="Attachment">The switch port the host is cabled to.</param>
public sealed record HostSpec(string Name, ulong Mac, IPAddress Ipv4, int PrefixLength, PortRef Attachment)
{
    /// <summary>The next hop for destinations outside the host's subnet (a router or NAT appliance), or <see langword="null"/>.</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>TCP ports the host accepts connections on (SYN → SYN-ACK); a SYN to any other port gets a RST.</summary>
    public IReadOnlyList<ushort> ListenTcp { get; init; } = [];
}
