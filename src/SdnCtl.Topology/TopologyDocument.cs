using System.Runtime.CompilerServices;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Topology;

/// <summary>
/// A loaded and fully expanded network: every switch, switch-to-switch link and host, with
/// generated parts already generated and every default (port names, datapath ids, MACs) filled in.
/// </summary>
/// <param name="Name">The topology's name (the file's <c>name</c> key, or the generator's name).</param>
/// <param name="SourcePath">The full path of the file it was loaded from, or <see langword="null"/> when it was not loaded from a file.</param>
/// <param name="Switches">The switches in declaration order: generated ones first, then those written in the file.</param>
/// <param name="Links">The switch-to-switch links in declaration order. Host attachments are on <see cref="HostSpec.Attachment"/>, not here.</param>
/// <param name="Hosts">The hosts in declaration order.</param>
/// <remarks>
/// The lists are treated as immutable: the lookup helpers index them on first use, so a
/// caller that builds a document must not change the lists afterwards.
/// </remarks>
public sealed record TopologyDocument(
    string Name,
    string? SourcePath,
    IReadOnlyList<SwitchSpec> Switches,
    IReadOnlyList<LinkSpec> Links,
    IReadOnlyList<HostSpec> Hosts)
{
    // Kept outside the record so that the index takes no part in record equality and a
    // `with` copy (which may replace a list) never inherits a stale index.
    private static readonly ConditionalWeakTable<TopologyDocument, DocumentIndex> Indexes = new();

    /// <summary>The tenants and their segments declared in the file's <c>tenants:</c> section (empty when there is none).</summary>
    public IReadOnlyList<TenantSpec> Tenants { get; init; } = [];

    /// <summary>The virtual appliances declared in the file's <c>appliances:</c> section (empty when there is none).</summary>
    public IReadOnlyList<Appliances.ApplianceSpec> Appliances { get; init; } = [];

    /// <summary>Finds a switch by name.</summary>
    /// <param name="name">The switch name; names are case-sensitive.</param>
    /// <returns>The switch, or <see langword="null"/> when there is none by that name.</returns>
    public SwitchSpec? FindSwitch(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Index.SwitchesByName.GetValueOrDefault(name);
    }

    /// <summary>Finds a switch by OpenFlow datapath id.</summary>
    /// <param name="dpid">The datapath id.</param>
    /// <returns>The switch, or <see langword="null"/> when there is none with that id.</returns>
    public SwitchSpec? FindSwitch(ulong dpid) => Index.SwitchesByDatapathId.GetValueOrDefault(dpid);

    /// <summary>Finds a host by name.</summary>
    /// <param name="name">The host name; names are case-sensitive.</param>
    /// <returns>The host, or <see langword="null"/> when there is none by that name.</returns>
    public HostSpec? FindHost(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Index.HostsByName.GetValueOrDefault(name);
    }

    private DocumentIndex Index => Indexes.GetValue(this, static document => new DocumentIndex(document));
}
