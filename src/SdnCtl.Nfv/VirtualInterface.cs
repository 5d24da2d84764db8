using SdnCtl.Nfv.Packets;
using SdnCtl.Topology;

namespace SdnCtl.Nfv;

/// <summary>A virtual interface of an appliance, as built from validated <see cref="InterfaceOptions"/>.</summary>
/// <param name="Index">Position in the appliance's interface list: the number frames arrive and leave on.</param>
/// <param name="Name">Interface name.</param>
/// <param name="Mac">MAC address in the low 48 bits.</param>
/// <param name="Address">IPv4 address and prefix, or <see langword="null"/> for a layer-2 interface.</param>
/// <param name="Attachment">Switch port or segment it is plugged into, opaque here.</param>
public sealed record VirtualInterface(int Index, string Name, ulong Mac, Ipv4Prefix? Address, string? Attachment)
{
    /// <summary>The MAC as text, <c>02:00:00:00:00:01</c>.</summary>
    public string MacText => MacFormat.Format(Mac);
}
