using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// Tenants, their segments and memberships at run time. Every change is checked against
/// <see cref="TenantRules"/> and applied on the control loop: the changed segment's rules are
/// recompiled and only their difference is sent, so other segments' flows are not disturbed.
/// A refused change changes nothing.
/// </summary>
public interface ITenantService
{
    /// <summary>The tenants in force now (an immutable snapshot).</summary>
    IReadOnlyList<TenantSpec> Tenants { get; }

    Task<TenantResult> AddTenantAsync(string name, CancellationToken cancellationToken = default);

    Task<TenantResult> RemoveTenantAsync(string name, CancellationToken cancellationToken = default);

    Task<TenantResult> AddSegmentAsync(string tenant, SegmentSpec segment, CancellationToken cancellationToken = default);

    Task<TenantResult> RemoveSegmentAsync(string tenant, string segment, CancellationToken cancellationToken = default);

    Task<TenantResult> AddMemberAsync(string tenant, string segment, MemberSpec member, CancellationToken cancellationToken = default);

    Task<TenantResult> RemoveMemberAsync(string tenant, string segment, MemberSpec member, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the tenant's rate limit (a meter on each switch where it has members, its ingress sent
    /// through it), changes it, or with <see langword="null"/> lifts it.
    /// </summary>
    Task<TenantResult> SetRateLimitAsync(string tenant, TenantRateLimit? limit, CancellationToken cancellationToken = default);

    /// <summary>Tenant rules installed per switch (datapath id → count), for statistics and scaling checks.</summary>
    Task<IReadOnlyDictionary<ulong, int>> CountRulesAsync(CancellationToken cancellationToken = default);
}
