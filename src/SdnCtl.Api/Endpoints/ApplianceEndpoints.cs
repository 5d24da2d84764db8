using System.Text.Json;
using System.Text.Json.Nodes;
using SdnCtl.Api.Appliances;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Appliances;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// <c>/api/v1/appliances</c>: appliance life cycle and configuration, through the controller's
/// <see cref="IApplianceOrchestrator"/> (404 when the controller runs without one). Bodies are the
/// kind's options documents; errors are problem+json naming the field (400), 404 and 409. Tenant keys
/// see and change their own tenant's appliances only (<see cref="ApplianceOwnership"/>).
/// </summary>
internal static class ApplianceEndpoints
{
    private static readonly string[] Sections = ["rules", "routes", "forwards", "translations"];

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/appliances").WithTags("Appliances");

        group.MapGet("/", (HttpContext http, IServiceProvider services) =>
            Orchestrator(services) is { } o ? Results.Ok(o.List().Where(a => http.CanSee(a.Tenant)).ToArray()) : NoAppliances())
            .WithName("ListAppliances").WithSummary("Every appliance: kind, owning tenant, interfaces and their switch ports, options and counters. A tenant key sees its tenant's appliances only.")
            .Produces<IReadOnlyList<ApplianceState>>()
            .AllowTenantKeys();

        group.MapGet("/{name}", (string name, HttpContext http, IServiceProvider services) =>
            Orchestrator(services) is not { } o ? NoAppliances()
            : Visible(http, o, name) is { } hidden ? hidden
            : o.Get(name) is { } state ? Results.Ok(state)
            : Problems.NotFound("Appliance", $"no appliance is named '{name}'"))
            .WithName("GetAppliance").WithSummary("One appliance with its options and counters.")
            .Produces<ApplianceState>().ProducesProblem(StatusCodes.Status404NotFound)
            .AllowTenantKeys();

        group.MapPost("/", async (HttpRequest request, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
        {
            if (Orchestrator(services) is not { } o)
            {
                return NoAppliances();
            }

            if (await ReadObjectAsync(request, ct).ConfigureAwait(false) is not { } body)
            {
                return BadBody();
            }

            return ApplianceOwnership.Check(request.HttpContext, body, cp, services) ?? ToResult(await o.CreateAsync(body, ct).ConfigureAwait(false), created: $"/api/v1/appliances/{body["name"]}");
        })
        .WithName("CreateAppliance").WithSummary("Creates an appliance: {name, kind, assembly?, tenant?, interfaces: [{name, mac, address, attachment: switch:port}], ...kind options}. " +
            "A tenant key's appliance is its tenant's, attached to its tenant's access ports only.")
        .Accepts<JsonObject>("application/json").Produces<ApplianceState>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
        .AllowTenantKeys();

        group.MapPut("/{name}", async (string name, HttpRequest request, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
        {
            if (Orchestrator(services) is not { } o)
            {
                return NoAppliances();
            }

            if (Visible(request.HttpContext, o, name) is { } hidden)
            {
                return hidden;
            }

            if (await ReadObjectAsync(request, ct).ConfigureAwait(false) is not { } body)
            {
                return BadBody();
            }

            return ApplianceOwnership.Check(request.HttpContext, body, cp, services) ?? ToResult(await o.ReplaceAsync(name, body, ct).ConfigureAwait(false));
        })
        .WithName("ReplaceAppliance").WithSummary("Replaces an appliance's whole configuration; all or nothing. Without 'tenant' the owner stays.")
        .Accepts<JsonObject>("application/json").Produces<ApplianceState>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .AllowTenantKeys();

        group.MapDelete("/{name}", async (string name, HttpContext http, IServiceProvider services, CancellationToken ct) =>
            Orchestrator(services) is not { } o ? NoAppliances()
            : Visible(http, o, name) is { } hidden ? hidden
            : UsedByChains(services, name) is { } used ? used
            : ToResult(await o.DeleteAsync(name, ct).ConfigureAwait(false), deleted: true))
            .WithName("DeleteAppliance").WithSummary("Stops an appliance and frees its switch ports; 409 naming the chains while service chains still visit it.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .AllowTenantKeys();

        group.MapGet("/{name}/{section}", (string name, string section, HttpContext http, IServiceProvider services) =>
            Orchestrator(services) is not { } o ? NoAppliances()
            : Visible(http, o, name) is { } hidden ? hidden
            : !Sections.Contains(section) ? UnknownSection(section)
            : ToResult(o.ReadSection(name, section)))
            .WithName("GetApplianceSection").WithSummary("A kind's sub-resource: a firewall's ordered rules with hit counters, a router's routes, a NAT's forwards or its translation table (read-only, with timeouts).")
            .Produces<JsonNode>().ProducesProblem(StatusCodes.Status404NotFound)
            .AllowTenantKeys();

        group.MapPut("/{name}/{section}", async (string name, string section, HttpRequest request, IServiceProvider services, CancellationToken ct) =>
        {
            if (Orchestrator(services) is not { } o)
            {
                return NoAppliances();
            }

            return Visible(request.HttpContext, o, name) is { } hidden ? hidden
                : !Sections.Contains(section) ? UnknownSection(section)
                : await ReadNodeAsync(request, ct).ConfigureAwait(false) is var (ok, body) && ok ? ToResult(o.ReplaceSection(name, section, body))
                : BadBody();
        })
        .WithName("ReplaceApplianceSection").WithSummary("Replaces a firewall's rules, in order; bad rules change nothing.")
        .Accepts<JsonArray>("application/json").Produces<JsonNode>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
        .AllowTenantKeys();

        group.MapPost("/{name}/{section}", async (string name, string section, HttpRequest request, IServiceProvider services, CancellationToken ct) =>
        {
            if (Orchestrator(services) is not { } o)
            {
                return NoAppliances();
            }

            return Visible(request.HttpContext, o, name) is { } hidden ? hidden
                : !Sections.Contains(section) ? UnknownSection(section)
                : await ReadNodeAsync(request, ct).ConfigureAwait(false) is var (ok, body) && ok ? ToResult(o.AddToSection(name, section, body))
                : BadBody();
        })
        .WithName("AddApplianceEntry").WithSummary("Adds a router route {destination, nextHop} or a NAT forward {protocol, externalPort, insideAddress, insidePort}.")
        .Accepts<JsonObject>("application/json").Produces<JsonNode>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .AllowTenantKeys();

        group.MapDelete("/{name}/{section}", (string name, string section, HttpRequest request, IServiceProvider services) =>
        {
            if (Orchestrator(services) is not { } o)
            {
                return NoAppliances();
            }

            if (Visible(request.HttpContext, o, name) is { } hidden)
            {
                return hidden;
            }

            var key = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
            return !Sections.Contains(section) ? UnknownSection(section) : ToResult(o.RemoveFromSection(name, section, key), deleted: true);
        })
        .WithName("RemoveApplianceEntry").WithSummary("Removes a router route (?destination=) or a NAT forward (?protocol=&externalPort=).")
        .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
        .AllowTenantKeys();
    }

    /// <summary>
    /// For a tenant key, the bare 404 when appliance <paramref name="name"/> is not its tenant's or does not
    /// exist (the two look the same); <see langword="null"/> when the caller may go on (an admin always may).
    /// </summary>
    private static IResult? Visible(HttpContext http, IApplianceOrchestrator o, string name) =>
        http.Principal().IsAdmin || (o.Get(name) is { } state && http.CanSee(state.Tenant)) ? null : TenantAccess.Hidden();

    private static IApplianceOrchestrator? Orchestrator(IServiceProvider services) => services.GetService<IApplianceOrchestrator>();

    /// <summary>
    /// 409 naming the chains that visit appliance <paramref name="name"/>: deleting it under them would
    /// leave their rules steering traffic into a port nobody answers on. Nothing is changed.
    /// </summary>
    private static IResult? UsedByChains(IServiceProvider services, string name)
    {
        string[] users = [.. (ChainEndpoints.ChainsOf(services)?.Chains ?? []).Where(c => c.Spec.Appliances.Any(a => a.Name == name)).Select(c => c.Spec.Name)];
        return users.Length == 0 ? null : Problems.Conflict(
            $"appliance '{name}' is used by service chain{(users.Length == 1 ? "" : "s")} {string.Join(", ", users.Select(u => $"'{u}'"))}; delete {(users.Length == 1 ? "it" : "them")} first",
            new Dictionary<string, object?> { ["chains"] = users });
    }

    private static IResult NoAppliances() =>
        Problems.NotFound("Appliances", "this controller has no appliance host (start it with `sdnctl run FILE`)");

    private static IResult UnknownSection(string section) =>
        Problems.NotFound("Sub-resource", $"'{section}' is not an appliance sub-resource; they are {string.Join(", ", Sections)}");

    private static IResult BadBody() => Problems.BadField("body", "a JSON body is required (an object; for a firewall's rules, an array)");

    private static IResult ToResult(ApplianceOutcome outcome, string? created = null, bool deleted = false) => outcome.Status switch
    {
        ApplianceOutcomeStatus.Created when created is not null => Results.Created(created, outcome.Body),
        ApplianceOutcomeStatus.Created => Results.Json(outcome.Body, statusCode: StatusCodes.Status201Created),
        ApplianceOutcomeStatus.Ok when deleted => Results.NoContent(),
        ApplianceOutcomeStatus.Ok => Results.Ok(outcome.Body),
        ApplianceOutcomeStatus.NotFound => Problems.NotFound("Appliance", outcome.Detail ?? "not found"),
        ApplianceOutcomeStatus.Conflict => Problems.Conflict(outcome.Detail ?? "conflict", outcome.Field),
        _ => Results.ValidationProblem(
            (outcome.Errors ?? []).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: outcome.Detail,
            title: "The request has an invalid value"),
    };

    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken ct) =>
        await ReadNodeAsync(request, ct).ConfigureAwait(false) is (true, JsonObject body) ? body : null;

    private static async Task<(bool Ok, JsonNode? Body)> ReadNodeAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            JsonNode? node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct).ConfigureAwait(false);
            return (node is null || IsWellFormedText(node), node);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // JSON may escape a lone surrogate ("\ud800"), which is no text at all: refuse it here rather than
    // let it fail deep inside an appliance's option binding.
    private static bool IsWellFormedText(JsonNode node)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        _ = StrictUtf8.GetByteCount(key);
                        if (value is not null && !IsWellFormedText(value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonArray a:
                    return a.All(v => v is null || IsWellFormedText(v));
                case JsonValue v when v.TryGetValue(out string? text):
                    _ = StrictUtf8.GetByteCount(text);
                    return true;
                default:
                    return true;
            }
        }
        catch (Exception e) when (e is System.Text.EncoderFallbackException or InvalidOperationException)
        {
            return false;
        }
    }
}
