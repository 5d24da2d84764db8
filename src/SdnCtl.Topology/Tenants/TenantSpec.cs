namespace SdnCtl.Topology.Tenants;

/// <summary>A tenant and the segments it owns.</summary>
/// <param name="Name">The tenant's name, unique in the network.</param>
/// <param name="Segments">Its segments.</param>
public sealed record TenantSpec(string Name, IReadOnlyList<SegmentSpec> Segments)
{
    /// <summary>The cap on the tenant's traffic per switch, or <see langword="null"/> for none.</summary>
    public TenantRateLimit? RateLimit { get; init; }
}
