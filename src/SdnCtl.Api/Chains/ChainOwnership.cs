using System.Collections.Concurrent;
using System.Globalization;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Intents;
using SdnCtl.Control.Appliances;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control;
using SdnCtl.Control.Tenants;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Api.Chains;

/// <summary>
/// Who owns a service chain: the one place where that is decided (when the chain is created) and
/// remembered (its owner is stored with it and comes back with it after a restart).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A tenant key's chain belongs to its tenant. Its source and destination must be members of that
///   tenant (as for intents, <see cref="TenantIntentScope"/>) and every appliance must be one of its
///   tenant's; another's appliance, or an admin-owned (shared) one, is refused as if it did not exist.</item>
/// <item>An admin's chain belongs to the tenant whose members both its source and destination are (the
///   first such tenant), otherwise to the admin. A tenant's chain may use that tenant's appliances and
///   admin-owned ones, never another tenant's.</item>
/// <item>A chain that names a tenant in its classifier (<c>classifier.tenant</c>, steering that tenant's
///   segment traffic) belongs to that tenant, whoever creates it; a tenant key may name only its own.</item>
/// </list>
/// A tenant key sees, and deletes, only its own tenant's chains; anything else is the bare 404.
/// </remarks>
public sealed class ChainOwnership
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <summary>The tenant that owns chain <paramref name="name"/>, or <see langword="null"/> (admin-owned or unknown).</summary>
    public string? OwnerOf(string name) => _owners.GetValueOrDefault(name);

    /// <summary>Records the owner of a chain just added (or restored).</summary>
    public void Set(string name, string? tenant)
    {
        if (tenant is null)
        {
            _owners.TryRemove(name, out _);
        }
        else
        {
            _owners[name] = tenant;
        }
    }

    /// <summary>Forgets a removed chain.</summary>
    public void Remove(string name) => _owners.TryRemove(name, out _);

    /// <summary>
    /// Decides the owner of <paramref name="spec"/> for a caller with tenant scope <paramref name="callerTenant"/>
    /// (<see langword="null"/> for an admin); a field error when the caller may not build that chain.
    /// </summary>
    internal static FieldError? Decide(ChainSpec spec, string? callerTenant, ITenantService? tenants, IControlPlane cp, IApplianceOrchestrator? appliances, out string? owner)
    {
        IReadOnlyList<TenantSpec> all = tenants?.Tenants ?? [];
        if (spec.Tenant is { } named)
        {
            // A tenant chain (classifier.tenant) belongs to that tenant; the chain manager checks that its
            // hosts are members of the segment. A tenant key names its own tenant or learns nothing.
            owner = named;
            if (callerTenant is not null && callerTenant != named)
            {
                return new FieldError("classifier.tenant", $"there is no tenant '{named}'");
            }
        }
        else if (callerTenant is not null)
        {
            owner = callerTenant;
            TenantSpec? own = all.FirstOrDefault(t => t.Name == callerTenant);
            foreach ((string? host, string field) in new[] { (spec.Source, "classifier.src"), (spec.Destination, "classifier.dst") })
            {
                if (own is null || host is null || !IsMember(own, host, cp, tenants!))
                {
                    return new FieldError(field, $"'{host}' is not a member of tenant '{callerTenant}'");
                }
            }
        }
        else
        {
            owner = spec.Source is { } src && spec.Destination is { } dst
                ? all.FirstOrDefault(t => IsMember(t, src, cp, tenants!) && IsMember(t, dst, cp, tenants!))?.Name
                : null;
        }

        for (int i = 0; i < spec.Appliances.Length; i++)
        {
            string name = spec.Appliances[i].Name;
            string? applianceOwner = appliances?.Get(name)?.Tenant;
            bool allowed = callerTenant is not null ? applianceOwner == owner : applianceOwner is null || applianceOwner == owner;
            if (!allowed)
            {
                string field = string.Create(CultureInfo.InvariantCulture, $"appliances[{i}]");
                return callerTenant is not null
                    ? new FieldError(field, $"no appliance is named '{name}'")
                    : new FieldError(field, $"appliance '{name}' belongs to tenant '{applianceOwner}'; a chain {(owner is null ? "of no tenant" : $"of tenant '{owner}'")} may use only its own tenant's appliances and shared ones");
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="host"/> (name or MAC) is a member of <paramref name="tenant"/>: a declared host by its
    /// MAC, address or access port (known before it has sent anything), otherwise a learned one as for intents.
    /// </summary>
    private static bool IsMember(TenantSpec tenant, string host, IControlPlane cp, ITenantService tenants)
    {
        bool isMac = MacFormat.TryParse(host, out ulong mac);
        if (cp.Declared?.Hosts.FirstOrDefault(h => h.Name == host || (isMac && h.Mac == mac)) is { } declared)
        {
            return tenant.Segments.Any(s => s.Members.Any(m => m.Kind switch
            {
                MemberKind.Mac => m.Mac == declared.Mac,
                MemberKind.Subnet => m.Subnet.Contains(declared.Ipv4),
                MemberKind.Port => m.Port == declared.Attachment,
                _ => false,
            }));
        }

        return tenant.Segments.Count > 0 && TenantIntentScope.Check(new IntentSpec(IntentKind.HostToHost, host, host), tenant.Name, tenants, cp.Topology) is null;
    }
}
