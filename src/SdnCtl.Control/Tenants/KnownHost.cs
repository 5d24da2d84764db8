using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tenants;

/// <summary>A host the tenant compiler can place: learned by host tracking, or declared in the topology file.</summary>
internal readonly record struct KnownHost(ulong Mac, uint Ipv4, SwitchPort Attachment);
