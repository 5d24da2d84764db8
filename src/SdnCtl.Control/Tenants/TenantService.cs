using SdnCtl.Control.Core;
using SdnCtl.Control.Store;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>Runs tenant commands on the control loop, where <see cref="TenantNetworking"/> lives.</summary>
internal sealed class TenantService : ITenantService
{
    private readonly Func<Func<ControlContext, TenantResult>, CancellationToken, Task<TenantResult>> _invoke;
    private readonly Func<Func<ControlContext, IReadOnlyDictionary<ulong, int>>, CancellationToken, Task<IReadOnlyDictionary<ulong, int>>> _query;
    private readonly TenantNetworking _networking;
    private readonly IControllerStore? _store;
    private volatile IReadOnlyList<TenantSpec> _tenants;

    public TenantService(
        TenantNetworking networking,
        Func<Func<ControlContext, TenantResult>, CancellationToken, Task<TenantResult>> invoke,
        Func<Func<ControlContext, IReadOnlyDictionary<ulong, int>>, CancellationToken, Task<IReadOnlyDictionary<ulong, int>>> query,
        IControllerStore? store = null)
    {
        _store = store;
        _networking = networking;
        _invoke = invoke;
        _query = query;
        _tenants = networking.Directory.Tenants;
    }

    public IReadOnlyList<TenantSpec> Tenants => _tenants;

    public Task<TenantResult> AddTenantAsync(string name, CancellationToken cancellationToken = default) =>
        Change(name, d => d.AddTenant(name), cancellationToken);

    public Task<TenantResult> RemoveTenantAsync(string name, CancellationToken cancellationToken = default) =>
        Change(name, d => d.RemoveTenant(name), cancellationToken);

    public Task<TenantResult> AddSegmentAsync(string tenant, SegmentSpec segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return Change(tenant, d => d.AddSegment(tenant, segment), cancellationToken);
    }

    public Task<TenantResult> RemoveSegmentAsync(string tenant, string segment, CancellationToken cancellationToken = default) =>
        Change(tenant, d => d.RemoveSegment(tenant, segment), cancellationToken);

    public Task<TenantResult> AddMemberAsync(string tenant, string segment, MemberSpec member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Change(tenant, d => d.AddMember(tenant, segment, member), cancellationToken);
    }

    public Task<TenantResult> RemoveMemberAsync(string tenant, string segment, MemberSpec member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Change(tenant, d => d.RemoveMember(tenant, segment, member), cancellationToken);
    }

    public Task<TenantResult> SetRateLimitAsync(string tenant, TenantRateLimit? limit, CancellationToken cancellationToken = default) =>
        Change(tenant, d => d.SetRateLimit(tenant, limit), cancellationToken);

    public Task<IReadOnlyDictionary<ulong, int>> CountRulesAsync(CancellationToken cancellationToken = default) =>
        _query(
            context => context.State.Switches.ToDictionary(s => s.DatapathId, s => _networking.RulesOn(s.DatapathId).Count),
            cancellationToken);

    private Task<TenantResult> Change(string tenant, Func<TenantDirectory, TenantResult> change, CancellationToken cancellationToken) =>
        _invoke(
            context =>
            {
                var before = _networking.Directory.Tenants;
                TenantResult result = change(_networking.Directory);
                if (result.Succeeded)
                {
                    Persist(tenant, before);
                    _tenants = _networking.Directory.Tenants;
                    _networking.MarkDirty();
                    _networking.Refresh(context.State, context.Outbox);
                }

                return result;
            },
            cancellationToken);

    // Written on the loop before the change takes effect, so the API answers success only for what
    // is on disk, and changes reach the store in the order they were applied. Tenant changes are
    // rare next to packet-ins, so the fsync on the loop is affordable. A failed write undoes the change.
    private void Persist(string tenant, System.Collections.Immutable.ImmutableArray<TenantSpec> before)
    {
        if (_store is null)
        {
            return;
        }

        try
        {
            if (_networking.Directory.Find(tenant) is { } now)
            {
                _store.SaveTenant(now);
            }
            else
            {
                _store.DeleteTenant(tenant);
            }
        }
        catch
        {
            _networking.Directory.Reset(before);
            throw;
        }
    }
}
