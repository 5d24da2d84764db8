using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Intents;
using SdnCtl.Control;
using SdnCtl.Control.Appliances;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Topology;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// <c>/api/v1/chains</c>: service chains. Appliance names are resolved to their switch ports through
/// <see cref="IApplianceOrchestrator"/> when the chain is created; admin only.
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
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/chains", (IServiceProvider services, IControlPlane cp) =>
            ChainsOf(services) is { } chains ? Results.Ok(chains.Chains.Select(c => ToDto(c, cp.Topology)).ToArray()) : Unavailable())
            .WithName("ListChains").WithTags("Chains").WithSummary("Every service chain with its state.")
            .Produces<ChainDto[]>();

        api.MapGet("/chains/{name}", (string name, IServiceProvider services, IControlPlane cp) =>
            ChainsOf(services) is not { } chains ? Unavailable()
            : chains.Find(name) is { } chain ? Results.Ok(ToDto(chain, cp.Topology))
            : Problems.NotFound("Chain", $"no chain is named '{name}'"))
            .WithName("GetChain").WithTags("Chains").WithSummary("One chain: state, reason and the compiled path with the appliance hops in between.")
            .Produces<ChainDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/chains/{name}", DeleteAsync)
            .WithName("DeleteChain").WithTags("Chains").WithSummary("Removes a chain and its rules.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static IChainService? ChainsOf(IServiceProvider services) =>
        services.GetService<IChainService>() ?? (services.GetService<IControlPlane>() as ControlPlane)?.Chains;

    private static async Task<IResult> CreateAsync(ChainRequest? request, IServiceProvider services, IControlPlane cp, CancellationToken ct)
    {
        if (request is null)
        {
            return Problems.BadField("body", "a JSON object with name, classifier and appliances is required");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || request.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return Problems.BadField("name", "give 1–64 letters, digits, '-', '_' or '.'");
        }

        if (request.Classifier is not { } classifier)
        {
            return Problems.BadField("classifier", "a classifier with src and dst hosts, or a tenant, is required");
        }

        if (classifier.Tenant is { } tenantName)
        {
            if (TenantEndpoints.Service(cp, services)?.Tenants.FirstOrDefault(t => t.Name == tenantName) is not { } tenant)
            {
                return Problems.BadField("classifier.tenant", $"there is no tenant '{tenantName}'");
            }

            if (classifier.Segment is { } segmentName && !tenant.Segments.Any(s => s.Name == segmentName))
            {
                return Problems.BadField("classifier.segment", $"tenant '{tenantName}' has no segment '{segmentName}'");
            }
        }
        else if (classifier.Segment is not null)
        {
            return Problems.BadField("classifier.segment", "a segment needs classifier.tenant, the tenant it belongs to");
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
                return Problems.BadField(field, "a host name or MAC is required (or name a classifier.tenant)");
            }

            if (!KnownHost(cp, host))
            {
                return Problems.BadField(field, $"host '{host}' is not known: the declared topology does not name it and no packet from it has reached the controller");
            }
        }

        if (classifier.Src is not null && string.Equals(classifier.Src, classifier.Dst, StringComparison.Ordinal))
        {
            return Problems.BadField("classifier.dst", "the destination must differ from the source");
        }

        var matchDto = new IntentMatchDto(classifier.IpProto, classifier.Ipv4Src, classifier.Ipv4Dst, classifier.SrcPort, classifier.DstPort);
        if (!IntentRequestParser.TryMatch(matchDto, out IntentMatch? match, out var matchError, "classifier"))
        {
            return Problems.BadField(matchError!.Field, matchError.Message);
        }

        if (request.Appliances is not { Length: > 0 } names)
        {
            return Problems.BadField("appliances", "name at least one appliance");
        }

        IApplianceOrchestrator? orchestrator = services.GetService<IApplianceOrchestrator>();
        var appliances = ImmutableArray.CreateBuilder<ChainAppliance>(names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            string field = string.Create(CultureInfo.InvariantCulture, $"appliances[{i}]");
            string? name = names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                return Problems.BadField(field, "an appliance name is required");
            }

            if (orchestrator?.Get(name) is not { } state)
            {
                return Problems.BadField(field, $"no appliance is named '{name}'");
            }

            if (appliances.Any(a => string.Equals(a.Name, name, StringComparison.Ordinal)))
            {
                return Problems.BadField(field, $"appliance '{name}' is already in the chain");
            }

            // Chains steer by in_port with the frame unchanged, which needs the appliance to send
            // traffic back out of the interface it came in by: the firewall does that with one interface.
            if (state.Interfaces.Count != 1 || state.Interfaces[0].Attachment is not { } attachment)
            {
                return Problems.BadField(field, $"appliance '{name}' must have exactly one interface attached to a switch port (one-armed) to be chained");
            }

            appliances.Add(new ChainAppliance(name, attachment));
        }

        if (ChainsOf(services) is not { } chains)
        {
            return Unavailable();
        }

        var spec = new ChainSpec(request.Name, classifier.Src, classifier.Dst, match is { IsEmpty: false } ? match : null, appliances.ToImmutable())
        {
            Tenant = classifier.Tenant,
            Segment = classifier.Segment,
            Symmetric = request.Symmetric,
        };
        ChainResult result = await chains.AddAsync(spec, ct).ConfigureAwait(false);
        if (result.Status == IntentResultStatus.Conflict)
        {
            return Problems.Conflict(result.Detail!, "name");
        }

        if (result.Status == IntentResultStatus.Invalid)
        {
            return Problems.BadField(result.Field ?? "classifier", result.Detail!);
        }

        return Results.Created($"/api/v1/chains/{Uri.EscapeDataString(spec.Name)}", ToDto(result.Chain!, cp.Topology));
    }

    private static async Task<IResult> DeleteAsync(string name, IServiceProvider services, CancellationToken ct)
    {
        if (ChainsOf(services) is not { } chains)
        {
            return Unavailable();
        }

        ChainResult result = await chains.RemoveAsync(name, ct).ConfigureAwait(false);
        return result.Status == IntentResultStatus.NotFound ? Problems.NotFound("Chain", result.Detail!) : Results.NoContent();
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

    internal static ChainDto ToDto(ChainInfo chain, TopologySnapshot topology)
    {
        ChainSpec s = chain.Spec;
        IntentMatch? m = s.Match;
        var classifier = new ChainClassifierDto(s.Source, s.Destination, m?.IpProto, m?.Ipv4Source?.ToString(), m?.Ipv4Destination?.ToString(), m?.SourcePort, m?.DestinationPort, s.Tenant, s.Segment);
        string[] Path(ImmutableArray<ChainHop> hops) => [.. hops.Select(h => h.Appliance is { } name
            ? $"appliance:{name}@{IntentEndpoints.Port(topology, new SwitchPort(h.DatapathId, h.OutPort))}"
            : h.Segment is { } segment
            ? string.Create(CultureInfo.InvariantCulture, $"{IntentEndpoints.SwitchLabel(topology, h.DatapathId)}:{h.InPort}->segment:{segment}")
            : string.Create(CultureInfo.InvariantCulture, $"{IntentEndpoints.SwitchLabel(topology, h.DatapathId)}:{h.InPort}->{h.OutPort}"))];
        return new ChainDto(s.Name, classifier, [.. s.Appliances.Select(a => new ChainApplianceDto(a.Name, a.Attachment))], IntentEndpoints.StateName(chain.State), chain.Reason, Path(chain.Hops), chain.CreatedAt, s.IsSymmetric, Path(chain.ReturnHops));
    }
}
