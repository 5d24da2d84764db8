using SdnCtl.Api.Infrastructure;

namespace SdnCtl.Api.Auth;

/// <summary>
/// Who may use which endpoint: the one place where the rule is written down and enforced.
/// </summary>
/// <remarks>
/// <para>
/// An admin key (and the open loopback API) may use everything. A tenant key (scope <c>tenant:NAME</c>)
/// may use only the endpoints marked with <see cref="AllowTenantKeys"/>, and among those only what its
/// own tenant owns; everything else answers 404 with the same body as a resource that does not exist,
/// so a tenant learns nothing about what it may not see (not even that it exists).
/// </para>
/// <para>
/// Admin only, by default (an endpoint someone adds is closed to tenants until marked): keys,
/// switches, ports, links, hosts, topology, flows, paths, reservations, controller statistics,
/// simulator controls and captures, <c>/metrics</c>, creating and deleting tenants.
/// Open to tenant keys: <c>GET /tenants</c> (lists its own tenant only), a tenant's own
/// <c>/tenants/{id}</c>, segments and members (read and change), its tenant's statistics (<c>/tenants/{id}/stats</c>;
/// port and flow statistics and polling are admin only), the event stream (its tenant's events only).
/// Intents: a tenant key lists, reads and deletes its own tenant's intents and creates intents only between
/// its tenant's members (<c>Intents/TenantIntentScope</c>). Appliances: a tenant key lists, reads and
/// changes its own tenant's, and creates them on its own access ports only (<c>Appliances/ApplianceOwnership</c>).
/// Chains: a tenant key lists, reads and deletes its own tenant's, and creates them between its own members
/// through its own appliances (<c>Chains/ChainOwnership</c>). An appliance or chain it may not see answers as
/// one that does not exist. Tenant rate limits and <c>sim/connect</c> are admin only for now.
/// A new tenant resource plugs in the same way (tenant statistics do): mark the endpoint with
/// <see cref="AllowTenantKeys"/>, naming the route parameter that holds the tenant when there is one;
/// for a resource found by another id, ask <see cref="CanSee"/> with the tenant that owns it and answer
/// <see cref="Hidden"/> when it says no.
/// </para>
/// </remarks>
public static class TenantAccess
{
    /// <summary>Opens the endpoint to tenant keys; when <paramref name="tenantRouteParameter"/> is given, only for the tenant it names.</summary>
    public static TBuilder AllowTenantKeys<TBuilder>(this TBuilder builder, string? tenantRouteParameter = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TenantKeysAllowed(tenantRouteParameter));

    /// <summary>True when the caller may see what tenant <paramref name="tenant"/> owns (an admin sees all).</summary>
    public static bool CanSee(this HttpContext context, string? tenant) => context.Principal().CanSee(tenant);

    /// <summary>The answer for something the caller may not see: exactly what an unknown resource gets.</summary>
    public static IResult Hidden() => Problems.NotFound("Resource", "not found");

    /// <summary>Enforces the rule for tenant keys, after routing has chosen the endpoint.</summary>
    internal static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ApiKeyPrincipal principal = context.Principal();
        if (!principal.IsAdmin && !Allowed(context, principal))
        {
            await Hidden().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    private static bool Allowed(HttpContext context, ApiKeyPrincipal principal)
    {
        // Only what sits behind the key check is guarded; /health and the API description are public.
        PathString path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/metrics", StringComparison.Ordinal))
        {
            return true;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<TenantKeysAllowed>() is not { } allowed)
        {
            return false;
        }

        return allowed.TenantRouteParameter is not { } parameter
            || (context.Request.RouteValues.TryGetValue(parameter, out object? value) && principal.CanSee(value as string));
    }

    /// <summary>Endpoint metadata: tenant keys may call this endpoint.</summary>
    /// <param name="TenantRouteParameter">The route parameter naming the tenant the endpoint acts on, if any.</param>
    public sealed record TenantKeysAllowed(string? TenantRouteParameter);
}
