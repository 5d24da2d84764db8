using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Chains;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Intents;
using SdnCtl.Control;
using SdnCtl.Control.Appliances;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Store;
using SdnCtl.Topology;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// <c>/api/v1/chains</c>: service chains. Appliance names are resolved to their switch ports through
/// <see cref="IApplianceOrchestrator"/> when the chain is created. A created chain is stored before the
/// answer and comes back after a restart (<see cref="ChainRestorer"/>); who owns it, and so which tenant
/// key sees it, is <see cref="ChainOwnership"/>'s decision.
/// </summary>
internal static class ChainEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/chains", CreateAsync)
            .WithName("CreateChain").WithTags("Chains")
            .WithSummary("Steers traffic from one host to another, or a tenant segment's traffic, through one-armed appliances in order " +
                "(and the return traffic back through them in reverse order when symmetric). " +
                "Example: {\"name\":\"inspect\",\"classifier\":{\"src\":\"h1\",\"dst\":\"h3\"},\"appliances\":[\"fw1\",\"fw2\"]}. " +
                "201 with the chain, installed or failed with a reason (retried on every topology change).")
            .Produces<ChainDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowTenantKeys();

        api.MapGet("/chains", (HttpContext http, IServiceProvider services, IControlPlane cp, ChainOwnership owners) =>
            ChainsOf(services) is { } chains
                ? Results.Ok(chains.Chains.Where(c => http.CanSee(owners.OwnerOf(c.Spec.Name))).Select(c => ToDto(c, cp.Topology, owners)).ToArray())
                : Unavailable())
            .WithName("ListChains").WithTags("Chains").WithSummary("Every service chain with its state and owning tenant. A tenant key sees its tenant's chains only.")
            .Produces<ChainDto[]>()
            .AllowTenantKeys();

        api.MapGet("/chains/{name}", (string name, HttpContext http, IServiceProvider services, IControlPlane cp, ChainOwnership owners) =>
            ChainsOf(services) is not { } chains ? Unavailable()
            : Visible(http, chains, owners, name) is { } hidden ? hidden
            : chains.Find(name) is { } chain ? Results.Ok(ToDto(chain, cp.Topology, owners))
            : Problems.NotFound("Chain", $"no chain is named '{name}'"))
            .WithName("GetChain").WithTags("Chains").WithSummary("One chain: state, reason and the compiled path with the appliance hops in between.")
            .Produces<ChainDto>().ProducesProblem(StatusCodes.Status404NotFound)
            .AllowTenantKeys();

        api.MapDelete("/chains/{name}", DeleteAsync)
            .WithName("DeleteChain").WithTags("Chains").WithSummary("Removes a chain and its rules.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .AllowTenantKeys();
    }

    /// <summary>For a tenant key, the bare 404 when chain <paramref name="name"/> is not its tenant's or does not exist; otherwise <see langword="null"/>.</summary>
    private static IResult? Visible(HttpContext http, IChainService chains, ChainOwnership owners, string name) =>
        http.Principal().IsAdmin || (chains.Find(name) is not null && http.CanSee(owners.OwnerOf(name))) ? null : TenantAccess.Hidden();

    internal static IChainService? ChainsOf(IServiceProvider services) =>
        services.GetService<IChainService>() ?? (services.GetService<IControlPlane>() as ControlPlane)?.Chains;

    private static async Task<IResult> CreateAsync(ChainRequest? request, HttpContext http, IServiceProvider services, IControlPlane cp, IControllerStore store, ChainOwnership owners, CancellationToken ct)
    {
        if (TryBuildSpec(request, services, cp, http.CanSee, out ChainSpec? spec) is { } invalid)
        {
            return Problems.BadField(invalid.Field, invalid.Message);
        }

        if (ChainOwnership.Decide(spec!, http.Principal().Tenant, TenantEndpoints.Service(cp, services), cp, services.GetService<IApplianceOrchestrator>(), out string? owner) is { } refused)
        {
            return Problems.BadField(refused.Field, refused.Message);
        }

        if (ChainsOf(services) is not { } chains)
        {
            return Unavailable();
        }

        ChainResult result = await chains.AddAsync(spec!, ct).ConfigureAwait(false);
        if (result.Status == IntentResultStatus.Conflict)
        {
            return Problems.Conflict(result.Detail!, result.Field ?? "name");
        }

        if (result.Status == IntentResultStatus.Invalid)
        {
            return Problems.BadField(result.Field ?? "classifier", result.Detail!);
        }

        try
        {
            store.PutChain(new StoredChain(spec!.Name, owner, JsonSerializer.Serialize(request, IntentEndpoints.StoredJson), result.Chain!.CreatedAt));
        }
        catch
        {
            // Not stored means not accepted: a restart would lose it.
            await chains.RemoveAsync(spec!.Name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        owners.Set(spec.Name, owner);
        return Results.Created($"/api/v1/chains/{Uri.EscapeDataString(spec.Name)}", ToDto(chains.Find(spec.Name) ?? result.Chain!, cp.Topology, owners));
    }

    /// <summary>
    /// Checks a chain request and resolves its appliances to their switch ports (a create, and a restore
    /// from the store, go through here); <paramref name="canSeeAppliance"/> says whether the caller may see
    /// an appliance of a given owner (one it may not see is refused as unknown).
    /// </summary>
    internal static FieldError? TryBuildSpec(ChainRequest? request, IServiceProvider services, IControlPlane cp, Func<string?, bool> canSeeAppliance, out ChainSpec? built)
    {
        built = null;
        static FieldError Bad(string field, string message) => new(field, message);

        if (request is null)
        {
            return Bad("body", "a JSON object with name, classifier and appliances is required");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || request.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return Bad("name", "give 1–64 letters, digits, '-', '_' or '.'");
        }

        if (request.Classifier is not { } classifier)
        {
            return Bad("classifier", "a classifier with src and dst hosts, or a tenant, is required");
        }

        if (classifier.Tenant is { } tenantName)
        {
            if (TenantEndpoints.Service(cp, services)?.Tenants.FirstOrDefault(t => t.Name == tenantName) is not { } tenant)
            {
                return Bad("classifier.tenant", $"there is no tenant '{tenantName}'");
            }

            if (classifier.Segment is { } segmentName && !tenant.Segments.Any(s => s.Name == segmentName))
            {
                return Bad("classifier.segment", $"tenant '{tenantName}' has no segment '{segmentName}'");
            }
        }
        else if (classifier.Segment is not null)
        {
            return Bad("classifier.segment", "a segment needs classifier.tenant, the tenant it belongs to");
        }

        foreach ((string? host, string field) in new[] { (classifier.Src, "classifier.src"), (classifier.Dst, "classifier.dst") })
        {
            if (host is null && classifier.Tenant is not null)
            {
                // A tenant chain without this host: every member (src) or any destination in the segment (dst).
                continue;
            }

            if (string.IsNullOrWhiteSpace(host))
            {
                return Bad(field, "a host name or MAC is required (or name a classifier.tenant)");
            }

            if (!KnownHost(cp, host))
            {
                return Bad(field, $"host '{host}' is not known: the declared topology does not name it and no packet from it has reached the controller");
            }
        }

        if (classifier.Src is not null && string.Equals(classifier.Src, classifier.Dst, StringComparison.Ordinal))
        {
            return Bad("classifier.dst", "the destination must differ from the source");
        }

        var matchDto = new IntentMatchDto(classifier.IpProto, classifier.Ipv4Src, classifier.Ipv4Dst, classifier.SrcPort, classifier.DstPort);
        if (!IntentRequestParser.TryMatch(matchDto, out IntentMatch? match, out var matchError, "classifier"))
        {
            return Bad(matchError!.Field, matchError.Message);
        }

        if (request.Appliances is not { Length: > 0 } names)
        {
            return Bad("appliances", "name at least one appliance");
        }

        IApplianceOrchestrator? orchestrator = services.GetService<IApplianceOrchestrator>();
        var appliances = ImmutableArray.CreateBuilder<ChainAppliance>(names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            string field = string.Create(CultureInfo.InvariantCulture, $"appliances[{i}]");
            string? name = names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                return Bad(field, "an appliance name is required");
            }

            if (orchestrator?.Get(name) is not { } state || !canSeeAppliance(state.Tenant))
            {
                return Bad(field, $"no appliance is named '{name}'");
            }

            if (appliances.Any(a => string.Equals(a.Name, name, StringComparison.Ordinal)))
            {
                return Bad(field, $"appliance '{name}' is already in the chain");
            }

            // Chains steer by in_port with the frame unchanged, which needs the appliance to send
            // traffic back out of the interface it came in by: the firewall does that with one interface.
            if (state.Interfaces.Count != 1 || state.Interfaces[0].Attachment is not { } attachment)
            {
                return Bad(field, $"appliance '{name}' must have exactly one interface attached to a switch port (one-armed) to be chained");
            }

            appliances.Add(new ChainAppliance(name, attachment));
        }

        built = new ChainSpec(request.Name, classifier.Src, classifier.Dst, match is { IsEmpty: false } ? match : null, appliances.ToImmutable())
        {
            Tenant = classifier.Tenant,
            Segment = classifier.Segment,
            Symmetric = request.Symmetric,
        };
        return null;
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext http, IServiceProvider services, IControllerStore store, ChainOwnership owners, CancellationToken ct)
    {
        if (ChainsOf(services) is not { } chains)
        {
            return Unavailable();
        }

        if (Visible(http, chains, owners, name) is { } hidden)
        {
            return hidden;
        }

        ChainResult result = await chains.RemoveAsync(name, ct).ConfigureAwait(false);
        if (result.Status == IntentResultStatus.NotFound)
        {
            return Problems.NotFound("Chain", result.Detail!);
        }

        store.RemoveChain(name);
        owners.Remove(name);
        return Results.NoContent();
    }

    private static bool KnownHost(IControlPlane cp, string text)
    {
        if (cp.Declared?.Hosts.Any(h => string.Equals(h.Name, text, StringComparison.Ordinal)) == true ||
            cp.Topology.Hosts.Any(h => string.Equals(h.Name, text, StringComparison.Ordinal)))
        {
            return true;
        }

        return MacFormat.TryParse(text, out ulong mac) && (cp.Topology.FindHost(mac) is not null || cp.Declared?.Hosts.Any(h => h.Mac == mac) == true);
    }

    private static IResult Unavailable() => Problems.Unavailable("this controller runs no chain service");

    internal static ChainDto ToDto(ChainInfo chain, TopologySnapshot topology, ChainOwnership owners)
    {
        ChainSpec s = chain.Spec;
        IntentMatch? m = s.Match;
        var classifier = new ChainClassifierDto(s.Source, s.Destination, m?.IpProto, m?.Ipv4Source?.ToString(), m?.Ipv4Destination?.ToString(), m?.SourcePort, m?.DestinationPort, s.Tenant, s.Segment);
        string[] Path(ImmutableArray<ChainHop> hops) => [.. hops.Select(h => h.Appliance is { } name
            ? $"appliance:{name}@{IntentEndpoints.Port(topology, new SwitchPort(h.DatapathId, h.OutPort))}"
            : h.Segment is { } segment
            ? string.Create(CultureInfo.InvariantCulture, $"{IntentEndpoints.SwitchLabel(topology, h.DatapathId)}:{h.InPort}->segment:{segment}")
            : string.Create(CultureInfo.InvariantCulture, $"{IntentEndpoints.SwitchLabel(topology, h.DatapathId)}:{h.InPort}->{h.OutPort}"))];
        return new ChainDto(s.Name, classifier, [.. s.Appliances.Select(a => new ChainApplianceDto(a.Name, a.Attachment))], IntentEndpoints.StateName(chain.State), chain.Reason, Path(chain.Hops), chain.CreatedAt, s.IsSymmetric, Path(chain.ReturnHops))
        {
            Tenant = owners.OwnerOf(s.Name),
        };
    }
}
