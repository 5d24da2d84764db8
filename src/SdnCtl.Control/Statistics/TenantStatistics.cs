using System.Collections.Immutable;

namespace SdnCtl.Control.Statistics;

/// <summary>
/// A tenant's traffic: the sum over its segments' access ports (port members). Seen from the network,
/// <c>Rx</c> is what the tenant's machines sent into it and <c>Tx</c> what the network delivered to them.
/// </summary>
/// <param name="Tenant">The tenant's name.</param>
/// <param name="Ports">Every access port with its sample.</param>
/// <param name="Counters">Sum of the sampled ports' counters.</param>
/// <param name="Rates">Sum of the sampled ports' rates (ports without a rate yet count 0).</param>
/// <param name="SampledAt">The oldest sample in the sum, or <see langword="null"/> when no port was sampled.</param>
public sealed record TenantStatistics(
    string Tenant,
    ImmutableArray<TenantPortStatistics> Ports,
    PortCounters Counters,
    PortRates Rates,
    DateTimeOffset? SampledAt);
