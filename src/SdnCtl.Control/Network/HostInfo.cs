using System.Collections.Immutable;
using System.Net;

namespace SdnCtl.Control.Network;

/// <summary>An end host learned from its ARP or IPv4 packets on an edge port.</summary>
/// <param name="Mac">The host's MAC address (48 bits).</param>
/// <param name="Name">The host's name in the declared topology (matched by MAC), or <see langword="null"/>.</param>
/// <param name="Ipv4Addresses">IPv4 addresses the host has used as a sender, most recent last.</param>
/// <param name="Attachment">The edge port the host was last seen on.</param>
/// <param name="FirstSeen">When the host was first learned.</param>
/// <param name="LastSeen">When a packet from the host last reached the controller (about one-second resolution).</param>
public sealed record HostInfo(
    ulong Mac,
    string? Name,
    ImmutableArray<IPAddress> Ipv4Addresses,
    SwitchPort Attachment,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);
