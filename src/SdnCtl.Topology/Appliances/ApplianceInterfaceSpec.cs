namespace SdnCtl.Topology.Appliances;

/// <summary>One interface of a declared appliance.</summary>
/// <param name="Name">Interface name, unique within the appliance.</param>
/// <param name="Mac">Unicast MAC in the low 48 bits.</param>
/// <param name="Address">IPv4 address with prefix as written (<c>10.0.2.2/24</c>), checked by the kind; <see langword="null"/> for a layer-2 interface.</param>
/// <param name="Attachment">The switch port it is cabled to.</param>
public sealed record ApplianceInterfaceSpec(string Name, ulong Mac, string? Address, PortRef Attachment)
{
    /// <summary>The tenant segment (<c>tenant/segment</c>) whose access port <see cref="Attachment"/> becomes, or <see langword="null"/>.</summary>
    public string? Segment { get; init; }
}
