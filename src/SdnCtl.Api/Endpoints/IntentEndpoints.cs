using System.Globalization;
using System.Text.Json;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Intents;
using SdnCtl.Control;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Store;
using SdnCtl.Control.Tenants;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// <c>/api/v1/intents</c>: connectivity intents. A created intent is stored before the answer, so it
/// comes back after a restart (<see cref="IntentRestorer"/>).
/// </summary>
internal static class IntentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/intents", CreateAsync)
            .WithName("CreateIntent").WithTags("Intents")
            .WithSummary("Adds a host-to-host or point-to-point intent with optional constraints and protection; it is compiled at once. " +
                "Example: {\"type\":\"host-to-host\",\"src\":\"h1\",\"dst\":\"h3\",\"protected\":true,\"constraints\":{\"maxHops\":4,\"avoid\":[\"s2\"]}}. " +
                "201 with the intent, installed or failed naming the constraint no path met (it is retried whenever the topology changes).")
            .Produces<IntentDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowTenantKeys();

        api.MapGet("/intents", (HttpContext http, IServiceProvider services, IControlPlane cp, string? tenant) =>
            IntentsOf(services) is { } intents
                ? Results.Ok(intents.Intents
                    .Where(i => (tenant is null || string.Equals(i.Spec.Tenant, tenant, StringComparison.Ordinal)) && http.CanSee(i.Spec.Tenant))
                    .Select(i => ToDto(i, cp.Topology)).ToArray())
                : Unavailable())
            .WithName("ListIntents").WithTags("Intents").WithSummary("Every intent with its state; ?tenant=NAME keeps one tenant's. A tenant key sees its tenant's intents only.")
            .Produces<IntentDto[]>()
            .AllowTenantKeys();

        api.MapGet("/intents/{id:long}", (long id, HttpContext http, IServiceProvider services, IControlPlane cp) =>
            IntentsOf(services) is not { } intents ? Unavailable()
            : intents.Find(id) is not { } intent ? Problems.NotFound("Intent", $"no intent has id {id}")
            : http.CanSee(intent.Spec.Tenant) ? Results.Ok(ToDto(intent, cp.Topology))
            : TenantAccess.Hidden())
            .WithName("GetIntent").WithTags("Intents").WithSummary("One intent: state, reason, paths (with backup and fast-failover switches) and history of state changes.")
            .Produces<IntentDto>().ProducesProblem(StatusCodes.Status404NotFound)
            .AllowTenantKeys();

        api.MapDelete("/intents/{id:long}", DeleteAsync)
            .WithName("DeleteIntent").WithTags("Intents").WithSummary("Removes an intent with its rules, fast-failover groups and bandwidth reservations.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .AllowTenantKeys();
    }

    /// <summary>The intents of the control plane in DI, or <see langword="null"/> when it has none (an API tested alone).</summary>
    internal static IIntentService? IntentsOf(IServiceProvider services) =>
        services.GetService<IIntentService>() ?? (services.GetService<IControlPlane>() as ControlPlane)?.Intents;

    private static async Task<IResult> CreateAsync(IntentRequest? request, HttpContext http, IServiceProvider services, IControlPlane cp, IControllerStore store, CancellationToken ct)
    {
        if (!IntentRequestParser.TryParse(request, out IntentSpec spec, out var error))
        {
            return Problems.BadField(error!.Field, error.Message);
        }

        // A tenant key's intent belongs to its tenant and may only join that tenant's members.
        if (http.Principal().Tenant is { } own)
        {
            if (spec.Tenant is { } named && !string.Equals(named, own, StringComparison.Ordinal))
            {
                return Problems.BadField("tenant", $"a key of tenant '{own}' creates intents of tenant '{own}' only");
            }

            ITenantService? tenants = TenantEndpoints.Service(cp, services);
            if (tenants is null)
            {
                return Problems.BadField("src", $"'{spec.Source}' is not a member of tenant '{own}'");
            }

            if (TenantIntentScope.Check(spec, own, tenants, cp.Topology) is { } outside)
            {
                return Problems.BadField(outside.Field, outside.Message);
            }

            spec = spec with { Tenant = own };
            request = request! with { Tenant = own };
        }

        if (IntentsOf(services) is not { } intents)
        {
            return Unavailable();
        }

        IntentResult result = await intents.AddAsync(spec, cancellationToken: ct).ConfigureAwait(false);
        if (result.Status == IntentResultStatus.Conflict)
        {
            return Problems.Conflict(result.Detail!, "src");
        }

        IntentInfo intent = result.Intent!;
        try
        {
            store.PutIntent(new StoredIntent(intent.Id, spec.Tenant, JsonSerializer.Serialize(request, StoredJson), intent.CreatedAt));
        }
        catch
        {
            // Not stored means not accepted: a restart would lose it.
            await intents.RemoveAsync(intent.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return Results.Created($"/api/v1/intents/{intent.Id}", ToDto(intents.Find(intent.Id) ?? intent, cp.Topology));
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext http, IServiceProvider services, IControllerStore store, CancellationToken ct)
    {
        if (IntentsOf(services) is not { } intents)
        {
            return Unavailable();
        }

        if (intents.Find(id) is { } existing && !http.CanSee(existing.Spec.Tenant))
        {
            return TenantAccess.Hidden();
        }

        IntentResult result = await intents.RemoveAsync(id, ct).ConfigureAwait(false);
        if (result.Status == IntentResultStatus.NotFound)
        {
            return Problems.NotFound("Intent", result.Detail!);
        }

        store.RemoveIntent(id);
        return Results.NoContent();
    }

    /// <summary>How requests are stored: the API's own JSON spelling, so a stored request parses as a posted one.</summary>
    internal static JsonSerializerOptions StoredJson { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static IResult Unavailable() => Problems.Unavailable("this controller runs no intent service");

    internal static IntentDto ToDto(IntentInfo intent, TopologySnapshot topology)
    {
        IntentSpec s = intent.Spec;
        return new IntentDto(
            intent.Id,
            s.Kind == IntentKind.HostToHost ? IntentRequestParser.HostToHost : IntentRequestParser.PointToPoint,
            s.Source,
            s.Destination,
            StateName(intent.State),
            intent.Reason,
            intent.FailedConstraint is { } failed ? ConstraintName(failed) : null,
            s.Protected,
            intent.IsProtected,
            s.Tenant,
            s.Match is { } m ? new IntentMatchDto(m.IpProto, m.Ipv4Source?.ToString(), m.Ipv4Destination?.ToString(), m.SourcePort, m.DestinationPort) : null,
            s.Constraints is { } c ? new IntentConstraintsDto(c.MinBandwidthMbps, c.MaxLatencyMs, c.MaxHops, c.Avoid.IsDefault ? null : c.Avoid, c.Waypoints.IsDefault ? null : c.Waypoints) : null,
            [.. intent.Paths.Select((p, i) => new IntentPathDto(
                i == 0 ? "forward" : "reverse",
                Hops(topology, p.Ingress, p.Egress, p.Primary),
                p.Backup is { } b ? Hops(topology, p.Ingress, p.Egress, b) : null,
                [.. p.FailoverSwitches.Select(d => SwitchLabel(topology, d))],
                p.ReservationId,
                p.Primary.LatencyMs))],
            [.. intent.History.Select(h => new IntentTransitionDto(StateName(h.State), h.At, h.Reason))],
            intent.CreatedAt);
    }

    internal static string StateName(IntentState state) => state.ToString().ToLowerInvariant();

    private static string ConstraintName(PathConstraint failed) => failed switch
    {
        PathConstraint.MinBandwidth => "minBandwidthMbps",
        PathConstraint.MaxLatency => "maxLatencyMs",
        PathConstraint.MaxHops => "maxHops",
        PathConstraint.Avoid => "avoid",
        PathConstraint.Waypoints => "waypoints",
        PathConstraint.Disjoint => "protected",
        PathConstraint.Reachability => "reachability",
        PathConstraint.Endpoint => "endpoint",
        PathConstraint.Combination => "combination",
        PathConstraint.SearchLimit => "searchLimit",
        _ => failed.ToString(),
    };

    private static string[] Hops(TopologySnapshot topology, SwitchPort ingress, SwitchPort egress, ComputedPath path)
    {
        var hops = new List<string>((path.Path.Links.Length * 2) + 2) { Port(topology, ingress) };
        foreach (LinkInfo link in path.Path.Links)
        {
            hops.Add(Port(topology, link.Source));
            hops.Add(Port(topology, link.Destination));
        }

        hops.Add(Port(topology, egress));
        return [.. hops];
    }

    internal static string Port(TopologySnapshot topology, SwitchPort port) =>
        string.Create(CultureInfo.InvariantCulture, $"{SwitchLabel(topology, port.DatapathId)}:{port.PortNo}");

    internal static string SwitchLabel(TopologySnapshot topology, ulong dpid) => topology.FindSwitch(dpid)?.Name ?? DatapathIds.Format(dpid);
}
