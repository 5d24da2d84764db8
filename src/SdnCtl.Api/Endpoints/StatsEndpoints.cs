using System.Diagnostics.CodeAnalysis;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Network;
using SdnCtl.Control.Statistics;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// Port, flow and tenant statistics from the <see cref="StatisticsCollector"/>'s periodic polls: the
/// last sample's counters, rates against the one before, when it was taken and how old it is. Reads
/// never ask a switch; <c>POST /stats/poll</c> polls every switch now.
/// </summary>
internal static class StatsEndpoints
{
    private static readonly string[] PortParameters = ["dpid"];
    private static readonly string[] FlowParameters = ["dpid", "cookie", "cookieMask"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stats/ports", (string? dpid, HttpRequest request, IControlPlane cp, StatisticsCollector stats) =>
        {
            TopologySnapshot snapshot = cp.Topology;
            if (!TryQuery(request, PortParameters, out IResult? problem) || !TryDpidFilter(dpid, snapshot, out ulong? filter, out problem))
            {
                return problem;
            }

            DateTimeOffset now = stats.Now;
            return Results.Ok(Samples(stats, filter).SelectMany(s => s.Ports).Select(p => StatsText.ToDto(p, snapshot, now)).ToArray());
        })
        .WithName("ListPortStats").WithTags("Statistics")
        .WithSummary("Every sampled port's counters (rx/tx packets, bytes, dropped, errors) and rates, of one switch with ?dpid= (id or name).")
        .Produces<PortStatsDto[]>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/switches/{dpid}/ports/stats", (string dpid, IControlPlane cp, StatisticsCollector stats) =>
        {
            TopologySnapshot snapshot = cp.Topology;
            if (!DatapathIds.TryParse(dpid, snapshot, out ulong id))
            {
                return BadDpid(dpid);
            }

            if (cp.GetSwitch(id) is null)
            {
                return Problems.NotFound("Switch", $"no switch with datapath id {DatapathIds.Format(id)} is connected");
            }

            DateTimeOffset now = stats.Now;
            return Results.Ok((stats.Sample(id)?.Ports ?? []).Select(p => StatsText.ToDto(p, snapshot, now)).ToArray());
        })
        .WithName("GetSwitchPortStats").WithTags("Statistics")
        .WithSummary("The switch's ports' last sample (empty until its first poll).")
        .Produces<PortStatsDto[]>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/stats/flows", (string? dpid, string? cookie, string? cookieMask, HttpRequest request, IControlPlane cp, StatisticsCollector stats) =>
        {
            TopologySnapshot snapshot = cp.Topology;
            if (!TryQuery(request, FlowParameters, out IResult? problem) || !TryDpidFilter(dpid, snapshot, out ulong? filter, out problem))
            {
                return problem;
            }

            ulong value = 0, mask = 0;
            if (cookie is not null)
            {
                if (!OxmValueParser.TryInteger(cookie, out value))
                {
                    return Problems.BadField("cookie", $"cookie must be a number or 0x… hex, not '{cookie}'");
                }

                mask = ulong.MaxValue;
            }

            if (cookieMask is not null)
            {
                if (cookie is null)
                {
                    return Problems.BadField("cookieMask", "cookieMask needs a cookie");
                }

                if (!OxmValueParser.TryInteger(cookieMask, out mask))
                {
                    return Problems.BadField("cookieMask", $"cookieMask must be a number or 0x… hex, not '{cookieMask}'");
                }
            }

            DateTimeOffset now = stats.Now;
            return Results.Ok(Samples(stats, filter).SelectMany(s => s.Flows)
                .Where(f => (f.Entry.Cookie & mask) == (value & mask))
                .Select(f => StatsText.ToDto(f, snapshot, now)).ToArray());
        })
        .WithName("ListFlowStats").WithTags("Statistics")
        .WithSummary("Every sampled flow's counters and rates; ?dpid= (id or name) for one switch, ?cookie= (and ?cookieMask=, default all bits) for one application's or segment's rules.")
        .Produces<FlowStatsDto[]>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/stats/poll", async (StatisticsCollector stats, CancellationToken ct) =>
        {
            PollRoundResult round = await stats.PollAsync(ct).ConfigureAwait(false);
            return Results.Ok(new PollRoundDto(round.Polled, round.Skipped, round.Failed));
        })
        .WithName("PollStats").WithTags("Statistics")
        .WithSummary("Polls every connected switch now (one port and one flow stats request each) and answers when all have answered or failed.")
        .Produces<PollRoundDto>();

        api.MapGet("/tenants/{id}/stats", (string id, IControlPlane cp, IServiceProvider services, StatisticsCollector stats) =>
        {
            if (TenantEndpoints.Service(cp, services)?.Tenants.FirstOrDefault(t => t.Name == id) is not { } tenant)
            {
                return Problems.NotFound("Tenant", $"no tenant '{id}'");
            }

            return Results.Ok(StatsText.ToDto(stats.ForTenant(tenant), cp.Topology, stats.Now, stats.Interval));
        })
        .AllowTenantKeys("id")
        .WithName("GetTenantStats").WithTags("Statistics", "Tenants")
        .WithSummary("The tenant's traffic summed over its access ports (rx = sent by its machines, tx = delivered to them), with each port's sample.")
        .Produces<TenantStatsDto>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IEnumerable<SwitchStatistics> Samples(StatisticsCollector stats, ulong? dpid) =>
        dpid is { } id ? (stats.Sample(id) is { } one ? [one] : []) : stats.Samples;

    /// <summary>Unknown or repeated query parameters are a 400 naming them, not silently ignored.</summary>
    private static bool TryQuery(HttpRequest request, string[] known, [NotNullWhen(false)] out IResult? problem)
    {
        foreach (var (key, values) in request.Query)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                problem = Problems.BadField(key, $"'{key}' is not a parameter here; use {string.Join(", ", known)}");
                return false;
            }

            if (values.Count != 1)
            {
                problem = Problems.BadField(key, $"{key} is given {values.Count} times");
                return false;
            }
        }

        problem = null;
        return true;
    }

    private static bool TryDpidFilter(string? dpid, TopologySnapshot snapshot, out ulong? filter, [NotNullWhen(false)] out IResult? problem)
    {
        filter = null;
        problem = null;
        if (dpid is null)
        {
            return true;
        }

        if (!DatapathIds.TryParse(dpid, snapshot, out ulong id))
        {
            problem = BadDpid(dpid);
            return false;
        }

        filter = id;
        return true;
    }

    private static IResult BadDpid(string dpid) =>
        Problems.BadField("dpid", $"'{dpid}' is not a datapath id (16 hex digits, 0x…, colon form, decimal) or a switch name");
}
