using System.Collections.Immutable;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// The tenant policy: the tenants and segments in force, as an immutable list replaced whole on
/// each change, and the checks a change must pass (<see cref="TenantRules"/>). A refused change
/// leaves the list as it was. Pure: no I/O, no flows.
/// </summary>
internal sealed class TenantDirectory
{
    public TenantDirectory(IReadOnlyList<TenantSpec>? initial = null)
    {
        Tenants = [.. initial ?? []];
    }

    public ImmutableArray<TenantSpec> Tenants { get; private set; }

    public TenantSpec? Find(string tenant) => Tenants.FirstOrDefault(t => t.Name == tenant);

    public TenantResult AddTenant(string name)
    {
        if (TenantRules.CheckName("tenant", name) is { } badName)
        {
            return TenantResult.Invalid("name", badName);
        }

        if (Find(name) is not null)
        {
            return TenantResult.Conflict($"tenant '{name}' already exists", "name");
        }

        Tenants = Tenants.Add(new TenantSpec(name, []));
        return TenantResult.Created;
    }

    public TenantResult RemoveTenant(string name)
    {
        TenantSpec? tenant = Find(name);
        if (tenant is null)
        {
            return TenantResult.NotFound($"no tenant '{name}'");
        }

        Tenants = Tenants.Remove(tenant);
        return TenantResult.Ok;
    }

    public TenantResult AddSegment(string tenantName, SegmentSpec segment)
    {
        TenantSpec? tenant = Find(tenantName);
        if (tenant is null)
        {
            return TenantResult.NotFound($"no tenant '{tenantName}'");
        }

        if (TenantRules.CheckName("segment", segment.Name) is { } badName)
        {
            return TenantResult.Invalid("name", badName);
        }

        if (TenantRules.CheckId(segment.Kind, segment.Id) is { } badId)
        {
            return TenantResult.Invalid(segment.Kind == SegmentKind.Vlan ? "vlan" : "vxlan", badId);
        }

        if (TenantRules.CheckPriority(segment.Priority) is { } badPriority)
        {
            return TenantResult.Invalid("priority", badPriority);
        }

        if (tenant.Segments.Any(s => s.Name == segment.Name))
        {
            return TenantResult.Conflict($"tenant '{tenantName}' already has a segment '{segment.Name}'", "name");
        }

        if (TenantRules.FindSegmentConflict(Tenants, tenantName, segment) is { } conflict)
        {
            return TenantResult.Conflict(conflict);
        }

        Replace(tenant, tenant with { Segments = [.. tenant.Segments, segment] });
        return TenantResult.Created;
    }

    public TenantResult RemoveSegment(string tenantName, string segmentName)
    {
        TenantSpec? tenant = Find(tenantName);
        SegmentSpec? segment = tenant?.Segments.FirstOrDefault(s => s.Name == segmentName);
        if (tenant is null || segment is null)
        {
            return TenantResult.NotFound($"no segment '{segmentName}' in tenant '{tenantName}'");
        }

        Replace(tenant, tenant with { Segments = [.. tenant.Segments.Where(s => s != segment)] });
        return TenantResult.Ok;
    }

    public TenantResult AddMember(string tenantName, string segmentName, MemberSpec member)
    {
        TenantSpec? tenant = Find(tenantName);
        SegmentSpec? segment = tenant?.Segments.FirstOrDefault(s => s.Name == segmentName);
        if (tenant is null || segment is null)
        {
            return TenantResult.NotFound($"no segment '{segmentName}' in tenant '{tenantName}'");
        }

        if (TenantRules.FindMemberConflict(Tenants, tenantName, segmentName, member) is { } conflict)
        {
            return TenantResult.Conflict(conflict, member.Kind.ToString().ToLowerInvariant());
        }

        Replace(tenant, tenant with { Segments = [.. tenant.Segments.Select(s => s == segment ? s with { Members = [.. s.Members, member] } : s)] });
        return TenantResult.Created;
    }

    public TenantResult RemoveMember(string tenantName, string segmentName, MemberSpec member)
    {
        TenantSpec? tenant = Find(tenantName);
        SegmentSpec? segment = tenant?.Segments.FirstOrDefault(s => s.Name == segmentName);
        if (tenant is null || segment is null)
        {
            return TenantResult.NotFound($"no segment '{segmentName}' in tenant '{tenantName}'");
        }

        if (!segment.Members.Contains(member))
        {
            return TenantResult.NotFound($"{member} is not a member of segment '{segmentName}'");
        }

        Replace(tenant, tenant with { Segments = [.. tenant.Segments.Select(s => s == segment ? s with { Members = [.. s.Members.Where(m => m != member)] } : s)] });
        return TenantResult.Ok;
    }

    /// <summary>Puts back a list read from <see cref="Tenants"/> earlier: undoes changes the store could not keep.</summary>
    public void Reset(ImmutableArray<TenantSpec> tenants) => Tenants = tenants;

    /// <summary>Sets (or with <see langword="null"/> lifts) the tenant's rate limit.</summary>
    public TenantResult SetRateLimit(string tenantName, TenantRateLimit? limit)
    {
        TenantSpec? tenant = Find(tenantName);
        if (tenant is null)
        {
            return TenantResult.NotFound($"no tenant '{tenantName}'");
        }

        if (limit is not null && TenantRateLimit.Check(limit.RateMbps, limit.BurstKbits) is { } problem)
        {
            return TenantResult.Invalid(problem.StartsWith("burst", StringComparison.Ordinal) ? "burstKbits" : "rateLimitMbps", problem);
        }

        Replace(tenant, tenant with { RateLimit = limit });
        return TenantResult.Ok;
    }

    private void Replace(TenantSpec old, TenantSpec now) => Tenants = Tenants.Replace(old, now);
}
