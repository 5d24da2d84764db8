namespace SdnCtl.Topology.Loading;

/// <summary>
/// What the sections of a file declared, before the cross-checks that need the whole file
/// (a link may name a switch declared below it). Each section fills its own part.
/// </summary>
internal sealed class TopologyDraft
{
    public string? Name { get; set; }

    public GeneratedPart? Generated { get; set; }

    public List<SwitchDeclaration> Switches { get; } = [];

    public List<LinkDeclaration> Links { get; } = [];

    public List<HostDeclaration> Hosts { get; } = [];

    public List<TenantDeclaration> Tenants { get; } = [];

    public List<ApplianceDeclaration> Appliances { get; } = [];
}
