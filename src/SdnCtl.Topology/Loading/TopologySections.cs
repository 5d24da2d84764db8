using System.Collections.Immutable;

namespace SdnCtl.Topology.Loading;

/// <summary>The top-level sections a topology file may have, in the order they are read.</summary>
internal static class TopologySections
{
    public static ImmutableArray<ITopologySection> All { get; } =
    [
        new NameSection(),
        new GenerateSection(),
        new SwitchesSection(),
        new LinksSection(),
        new HostsSection(),
        new TenantsSection(),
        new AppliancesSection(),
    ];

    /// <summary>Every top-level key the loader accepts; schema.json must describe exactly these.</summary>
    public static ImmutableArray<string> Keys { get; } = [.. All.Select(s => s.Key)];
}
