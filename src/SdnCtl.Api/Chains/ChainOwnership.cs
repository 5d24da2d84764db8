using System.Collections.Concurrent;
using System.Globalization;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Intents;
using SdnCtl.Control.Appliances;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tenants;

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
    internal static FieldError? Decide(ChainSpec spec, string? callerTenant, ITenantService? tenants, TopologySnapshot topology, IApplianceOrchestrator? appliances, out string? owner)
    {
        var between = new IntentSpec(IntentKind.HostToHost, spec.Source, spec.Destination);
        if (callerTenant is not null)
        {
            owner = callerTenant;
            if (tenants is null)
            {
                return new FieldError("classifier.src", $"'{spec.Source}' is not a member of tenant '{callerTenant}'");
            }

            if (TenantIntentScope.Check(between, callerTenant, tenants, topology) is { } outside)
            {
                return new FieldError("classifier." + outside.Field, outside.Message);
            }
        }
        else
        {
            owner = tenants?.Tenants.FirstOrDefault(t => TenantIntentScope.Check(between, t.Name, tenants, topology) is null)?.Name;
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
}
