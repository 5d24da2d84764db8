using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// Path queries (shortest, k-shortest, ECMP, constrained, disjoint) and bandwidth reservations.
/// Needs an <see cref="IPathComputation"/> in DI, the same instance the control plane installs with.
/// </summary>
internal static class PathEndpoints
{
    private const int MaxK = 64;
    private const int MaxEcmpPaths = 256;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/paths/{src}/{dst}", GetPaths)
            .WithName("GetPaths").WithTags("Paths")
            .WithSummary("Shortest, k-shortest (k=N), equal-cost (ecmp=true) or link-disjoint (disjoint=true) paths, with optional constraints.")
            .Produces<PathsResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/reservations", Reserve)
            .WithName("CreateReservation").WithTags("Paths")
            .WithSummary("Finds the cheapest path with the requested bandwidth free on every link and holds it.")
            .Produces<ReservationDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/reservations", (IControlPlane cp, IPathComputation paths) =>
            TypedResults.Ok(paths.Reservations.Select(r => ToDto(r, cp.Topology)).ToArray()))
            .WithName("ListReservations").WithTags("Paths").WithSummary("Current bandwidth reservations.");

        api.MapGet("/reservations/{id:long}", (long id, IControlPlane cp, IPathComputation paths) =>
            paths.Reservations.FirstOrDefault(r => r.Id == id) is { } r
                ? Results.Ok(ToDto(r, cp.Topology))
                : Problems.NotFound("Reservation", $"no reservation has id {id}"))
            .WithName("GetReservation").WithTags("Paths").WithSummary("One bandwidth reservation.")
            .Produces<ReservationDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/reservations/{id:long}", (long id, IPathComputation paths) =>
            paths.Release(id) ? Results.NoContent() : Problems.NotFound("Reservation", $"no reservation has id {id}"))
            .WithName("DeleteReservation").WithTags("Paths").WithSummary("Releases a reservation's bandwidth.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult GetPaths(
        string src,
        string dst,
        IControlPlane cp,
        IPathComputation paths,
        string? metric = null,
        string? k = null,
        string? ecmp = null,
        string? disjoint = null,
        string? minBandwidthMbps = null,
        string? maxLatencyMs = null,
        string? maxHops = null,
        string? avoid = null,
        string? via = null)
    {
        TopologySnapshot snapshot = cp.Topology;
        if (!paths.TryResolveEndpoint(snapshot, src, out PathEndpoint source))
        {
            return Problems.BadField("src", $"'{src}' is not a known host (name or MAC), switch name or connected datapath id");
        }

        if (!paths.TryResolveEndpoint(snapshot, dst, out PathEndpoint destination))
        {
            return Problems.BadField("dst", $"'{dst}' is not a known host (name or MAC), switch name or connected datapath id");
        }

        if (!TryParseMetric(metric, out PathMetric m))
        {
            return Problems.BadField("metric", $"'{metric}' is not one of hops, latency, bandwidth");
        }

        int count = 1;
        if (k is not null && (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxK))
        {
            return Problems.BadField("k", $"'{k}' is not a whole number from 1 to {MaxK}");
        }

        if (!TryParseBool(ecmp, out bool wantEcmp))
        {
            return Problems.BadField("ecmp", $"'{ecmp}' is not true or false");
        }

        if (!TryParseBool(disjoint, out bool wantDisjoint))
        {
            return Problems.BadField("disjoint", $"'{disjoint}' is not true or false");
        }

        double? minBandwidth = null, maxLatency = null;
        int? hops = null;
        if (minBandwidthMbps is not null)
        {
            if (!TryParsePositive(minBandwidthMbps, out double v))
            {
                return Problems.BadField("minBandwidthMbps", $"'{minBandwidthMbps}' is not a number of Mbit/s greater than 0");
            }

            minBandwidth = v;
        }

        if (maxLatencyMs is not null)
        {
            if (!double.TryParse(maxLatencyMs, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
            {
                return Problems.BadField("maxLatencyMs", $"'{maxLatencyMs}' is not a number of milliseconds, 0 or more");
            }

            maxLatency = v;
        }

        if (maxHops is not null)
        {
            if (!int.TryParse(maxHops, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
            {
                return Problems.BadField("maxHops", $"'{maxHops}' is not a whole number, 0 or more");
            }

            hops = v;
        }

        var avoidSwitches = ImmutableArray.CreateBuilder<ulong>();
        var avoidLinks = ImmutableArray.CreateBuilder<SwitchPort>();
        foreach (string item in SplitList(avoid))
        {
            if (paths.TryResolveEndpoint(snapshot, item, out PathEndpoint e) && e.HostPort is null)
            {
                avoidSwitches.Add(e.DatapathId);
            }
            else if (TryParseLink(snapshot, paths, item, out SwitchPort link))
            {
                avoidLinks.Add(link);
            }
            else
            {
                return Problems.BadField("avoid", $"'{item}' is neither a connected switch nor a link's source port (switch:port)");
            }
        }

        var waypoints = ImmutableArray.CreateBuilder<ulong>();
        foreach (string item in SplitList(via))
        {
            if (!paths.TryResolveEndpoint(snapshot, item, out PathEndpoint e))
            {
                return Problems.BadField("via", $"'{item}' is not a known switch or host");
            }

            waypoints.Add(e.DatapathId);
        }

        var constraints = new PathConstraints(minBandwidth, maxLatency, hops, avoidSwitches.ToImmutable(), avoidLinks.ToImmutable(), waypoints.ToImmutable());
        if (wantEcmp || wantDisjoint)
        {
            string mode = wantEcmp ? "ecmp" : "disjoint";
            if (wantEcmp && wantDisjoint)
            {
                return Problems.BadField("disjoint", "ecmp=true and disjoint=true cannot be combined");
            }

            if (k is not null)
            {
                return Problems.BadField("k", $"k cannot be combined with {mode}=true");
            }

        }

        var ctx = new Render(snapshot, source, destination);
        string metricName = MetricName(m);
        if (wantEcmp)
        {
            EqualCostPathSet? set = paths.EqualCostPaths(snapshot, source.DatapathId, destination.DatapathId, m, MaxEcmpPaths, constraints);
            if (set is null)
            {
                // The set is empty exactly when no path passes the link filters; ask why.
                PathQueryResult why = paths.FindPaths(snapshot, source.DatapathId, destination.DatapathId, m, 1, constraints);
                return NoPath(why.Failed, why.Detail);
            }

            return Results.Ok(new PathsResponse(source.Label, destination.Label, metricName, "ecmp", [.. set.Paths.Select(p => ctx.ToDto(p, null))], set.PathCount));
        }

        if (wantDisjoint)
        {
            var (pair, failed, detail) = paths.DisjointPair(snapshot, source.DatapathId, destination.DatapathId, m, constraints);
            return pair is null
                ? NoPath(failed, detail)
                : Results.Ok(new PathsResponse(source.Label, destination.Label, metricName, "disjoint", [ctx.ToDto(pair.Primary, "primary"), ctx.ToDto(pair.Backup, "backup")], null));
        }

        PathQueryResult result = paths.FindPaths(snapshot, source.DatapathId, destination.DatapathId, m, count, constraints);
        return result.Found
            ? Results.Ok(new PathsResponse(source.Label, destination.Label, metricName, count > 1 ? "k-shortest" : "shortest", [.. result.Paths.Select(p => ctx.ToDto(p, null))], null))
            : NoPath(result.Failed, result.Detail);
    }

    private static IResult Reserve(ReservationRequest request, IControlPlane cp, IPathComputation paths)
    {
        TopologySnapshot snapshot = cp.Topology;
        if (request.Src is null || !paths.TryResolveEndpoint(snapshot, request.Src, out PathEndpoint source))
        {
            return Problems.BadField("src", $"'{request.Src}' is not a known host (name or MAC), switch name or connected datapath id");
        }

        if (request.Dst is null || !paths.TryResolveEndpoint(snapshot, request.Dst, out PathEndpoint destination))
        {
            return Problems.BadField("dst", $"'{request.Dst}' is not a known host (name or MAC), switch name or connected datapath id");
        }

        if (!(request.BandwidthMbps > 0) || !double.IsFinite(request.BandwidthMbps))
        {
            return Problems.BadField("bandwidthMbps", "bandwidthMbps must be a number of Mbit/s greater than 0");
        }

        if (!TryParseMetric(request.Metric, out PathMetric metric))
        {
            return Problems.BadField("metric", $"'{request.Metric}' is not one of hops, latency, bandwidth");
        }

        ReservationResult result = paths.Reserve(snapshot, source.DatapathId, destination.DatapathId, request.BandwidthMbps, metric);
        if (result.Reservation is not { } reservation)
        {
            return result.Failed == PathConstraint.MinBandwidth
                ? Results.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Not enough free bandwidth",
                    detail: result.Detail,
                    extensions: new Dictionary<string, object?> { ["constraint"] = "bandwidthMbps" })
                : NoPath(result.Failed, result.Detail);
        }

        return Results.Created($"/api/v1/reservations/{reservation.Id}", ToDto(reservation, snapshot, source, destination));
    }

    private static IResult NoPath(PathConstraint failed, string? detail)
    {
        string constraint = failed switch
        {
            PathConstraint.Avoid => "avoid",
            PathConstraint.MinBandwidth => "minBandwidthMbps",
            PathConstraint.Waypoints => "via",
            PathConstraint.MaxHops => "maxHops",
            PathConstraint.MaxLatency => "maxLatencyMs",
            PathConstraint.Disjoint => "disjoint",
            PathConstraint.Combination => "combination",
            PathConstraint.SearchLimit => "searchLimit",
            PathConstraint.Endpoint => "endpoint",
            _ => "reachability",
        };
        return Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No path meets the constraints",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["constraint"] = constraint });
    }

    private static ReservationDto ToDto(BandwidthReservation r, TopologySnapshot snapshot) =>
        ToDto(r, snapshot, new PathEndpoint(r.SourceDpid, null, SwitchLabel(snapshot, r.SourceDpid)), new PathEndpoint(r.DestinationDpid, null, SwitchLabel(snapshot, r.DestinationDpid)));

    private static ReservationDto ToDto(BandwidthReservation r, TopologySnapshot snapshot, PathEndpoint source, PathEndpoint destination) =>
        new(r.Id, source.Label, destination.Label, r.BandwidthMbps, MetricName(r.Path.Metric), new Render(snapshot, source, destination).ToDto(r.Path, null), r.CreatedAt,
            r.Status == ReservationStatus.Failed ? "failed" : "active", r.Reroutes, r.ChangedAt, r.Detail);

    private static bool TryParseMetric(string? text, out PathMetric metric)
    {
        metric = PathMetric.Hops;
        switch (text?.Trim().ToUpperInvariant())
        {
            // Absent means the default; given empty it is a mistake, not a choice.
            case null when text is null:
            case "HOPS":
                return true;
            case "LATENCY":
                metric = PathMetric.Latency;
                return true;
            case "BANDWIDTH":
                metric = PathMetric.Bandwidth;
                return true;
            default:
                return false;
        }
    }

    private static string MetricName(PathMetric metric) => metric switch
    {
        PathMetric.Latency => "latency",
        PathMetric.Bandwidth => "bandwidth",
        _ => "hops",
    };

    private static bool TryParseBool(string? text, out bool value)
    {
        value = false;
        return text is null || bool.TryParse(text, out value);
    }

    private static bool TryParsePositive(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value > 0;

    private static string[] SplitList(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A link named by its source port, <c>switch:port</c> (switch as name or datapath id).</summary>
    private static bool TryParseLink(TopologySnapshot snapshot, IPathComputation paths, string text, out SwitchPort link)
    {
        link = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0
            || !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint port)
            || !paths.TryResolveEndpoint(snapshot, text[..colon], out PathEndpoint sw)
            || sw.HostPort is not null)
        {
            return false;
        }

        link = new SwitchPort(sw.DatapathId, port);
        return snapshot.FindLinkFrom(link) is not null;
    }

    private static string SwitchLabel(TopologySnapshot snapshot, ulong dpid) => snapshot.FindSwitch(dpid)?.Name ?? DatapathIds.Format(dpid);

    /// <summary>Turns computed paths into hop lists with names.</summary>
    private readonly record struct Render(TopologySnapshot Snapshot, PathEndpoint Source, PathEndpoint Destination)
    {
        public PathDto ToDto(ComputedPath path, string? role)
        {
            var hops = new List<string>((path.HopCount * 2) + 2);
            if (Source.HostPort is { } first)
            {
                hops.Add(Port(first));
            }

            foreach (LinkInfo link in path.Path.Links)
            {
                hops.Add(Port(link.Source));
                hops.Add(Port(link.Destination));
            }

            if (Destination.HostPort is { } last)
            {
                hops.Add(Port(last));
            }

            double? free = double.IsFinite(path.FreeBandwidthMbps) ? path.FreeBandwidthMbps : null;
            return new PathDto(path.Cost, path.HopCount, path.LatencyMs, free, hops, role);
        }

        private string Port(SwitchPort port) =>
            string.Create(CultureInfo.InvariantCulture, $"{SwitchLabel(Snapshot, port.DatapathId)}:{port.PortNo}");
    }
}
