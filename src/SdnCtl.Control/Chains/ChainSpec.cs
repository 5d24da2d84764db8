using System.Collections.Immutable;
using SdnCtl.Control.Intents;

namespace SdnCtl.Control.Chains;

/// <summary>
/// A service chain: traffic from <paramref name="Source"/> to <paramref name="Destination"/> that
/// matches <paramref name="Match"/> visits every appliance in order before it is delivered.
/// </summary>
/// <remarks>
/// A chain with a <see cref="Tenant"/> steers that tenant's traffic inside one of its segments:
/// the hosts are then optional (no source: every member of the segment; no destination: any
/// unicast destination in the segment), and after the last appliance the traffic is handed back
/// to the segment's own forwarding, so it can never leave the segment.
/// </remarks>
/// <param name="Name">Its unique name.</param>
/// <param name="Source">The source host (name or MAC); <see langword="null"/> only for a tenant chain (every member).</param>
/// <param name="Destination">The destination host (name or MAC); <see langword="null"/> only for a tenant chain (anything in the segment).</param>
/// <param name="Match">What else the traffic matches; <see langword="null"/> for everything between the two hosts.</param>
/// <param name="Appliances">The appliances to visit, in order, each with the switch port its interface is attached to.</param>
public sealed record ChainSpec(string Name, string? Source, string? Destination, IntentMatch? Match, ImmutableArray<ChainAppliance> Appliances)
{
    /// <summary>The tenant whose traffic is steered, or <see langword="null"/> for a chain between two hosts in no tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>The tenant's segment; <see langword="null"/> to take the one the hosts (or else the appliances) are in, or the tenant's only segment.</summary>
    public string? Segment { get; init; }

    /// <summary>
    /// Whether the return traffic (destination → source, addresses and ports swapped) passes the
    /// same appliances in reverse order; <see langword="null"/> means the default, <see cref="IsSymmetric"/>.
    /// </summary>
    public bool? Symmetric { get; init; }

    /// <summary>
    /// The effective <see cref="Symmetric"/>: by default true when the chain names both hosts (a
    /// stateful firewall must see both directions of a connection between them), false otherwise
    /// (a chain "from every member to anything" has no single way back to steer).
    /// </summary>
    public bool IsSymmetric => Symmetric ?? (Source is not null && Destination is not null);
}
