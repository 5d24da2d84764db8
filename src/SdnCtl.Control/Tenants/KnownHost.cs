using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tenants;

/// <summary>A host the tenant compiler can place: learned by host tracking, or declared in the topology file.</summary>
/// <param name="Mac">Its MAC.</param>
/// <param name="Ipv4">Its address, 0 when none is known.</param>
/// <param name="Attachment">Where it was last seen, or where the file cables it.</param>
/// <param name="Learned">False for a declared host that host tracking has not seen yet: its port still copies ARP to the controller, which learns it there.</param>
internal readonly record struct KnownHost(ulong Mac, uint Ipv4, SwitchPort Attachment, bool Learned = true);
