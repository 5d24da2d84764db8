using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// The default <see cref="IPathComputation"/>: compact CSR graphs cached per snapshot, Dijkstra with
/// an indexed binary heap and per-thread scratch, Yen for k paths and for constraints a single search
/// cannot honour, an equal-cost DAG with hash unranking, Suurballe for disjoint pairs.
/// </summary>
public sealed class PathComputationService : IPathComputation
{
    /// <summary>How many candidate paths Yen examines for one constrained query before giving up.</summary>
    public const int SearchBudget = 2000;

    private readonly GraphCache _graphs = new();
    private readonly ReservationStore _reservations = new();
    private readonly TimeProvider _time;

    /// <summary>Creates a service with no reservations.</summary>
    /// <param name="timeProvider">The clock reservations are stamped with; the system clock when null.</param>
    public PathComputationService(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public IReadOnlyList<BandwidthReservation> Reservations => _reservations.All;

    /// <inheritdoc/>
    public bool TryResolveEndpoint(TopologySnapshot topology, string text, out PathEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return EndpointParser.TryResolve(topology, text ?? string.Empty, out endpoint);
    }

    /// <inheritdoc/>
    public ComputedPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric = PathMetric.Hops)
    {
        ArgumentNullException.ThrowIfNull(topology);
        CompactGraph g = GraphOf(topology);
        int s = g.NodeOf(sourceDpid), t = g.NodeOf(destinationDpid);
        if (s < 0 || t < 0)
        {
            return null;
        }

        double[] reserved = _reservations.ReservedFor(g);
        using PathSearch search = PathSearch.Rent(g);
        if (search.Run(search.Labels(0), g.Weights(metric), s, t) == long.MaxValue)
        {
            return null;
        }

        int count = search.WalkForward(search.Labels(0), t);
        return Build(g, metric, search.PathBuffer.AsSpan(0, count), sourceDpid, destinationDpid, reserved);
    }

    /// <inheritdoc/>
    public PathQueryResult FindPaths(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, int k = 1, PathConstraints? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        CompactGraph g = GraphOf(topology);
        return FindPathsCore(g, sourceDpid, destinationDpid, metric, k, constraints ?? PathConstraints.None, _reservations.ReservedFor(g));
    }

    /// <inheritdoc/>
    public EqualCostPathSet? EqualCostPaths(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, int maxPaths = 64, PathConstraints? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPaths);
        constraints ??= PathConstraints.None;
        CompactGraph g = GraphOf(topology);
        if (!constraints.OnlyFiltersLinks)
        {
            return ConstrainedEqualCostPaths(g, sourceDpid, destinationDpid, metric, maxPaths, constraints, _reservations.ReservedFor(g));
        }

        int s = g.NodeOf(sourceDpid), t = g.NodeOf(destinationDpid);
        if (s < 0 || t < 0)
        {
            return null;
        }

        double[] reserved = _reservations.ReservedFor(g);
        using PathSearch search = PathSearch.Rent(g);
        if (ApplyFilters(search, g, constraints, reserved, s, t) is not null)
        {
            return null;
        }

        long[] w = g.Weights(metric);
        var ecmp = PathComputation.EqualCostPaths.Compute(search, w, s, t);
        if (ecmp.Cost == long.MaxValue)
        {
            return null;
        }

        var dag = ImmutableArray.CreateBuilder<LinkInfo>();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            if (ecmp.IsOnDag(e))
            {
                dag.Add(g.Links[e]);
            }
        }

        int take = (int)Math.Min(maxPaths, ecmp.PathCount);
        var paths = ImmutableArray.CreateBuilder<ComputedPath>(take);
        for (int i = 0; i < take; i++)
        {
            int count = ecmp.Unrank(i);
            paths.Add(Build(g, metric, search.PathBuffer.AsSpan(0, count), sourceDpid, destinationDpid, reserved));
        }

        return new EqualCostPathSet(CompactGraph.CostOf(metric, ecmp.Cost), ecmp.PathCount, dag.ToImmutable(), paths.MoveToImmutable());
    }

    /// <inheritdoc/>
    public ComputedPath? SelectEqualCostPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, ulong flowHash)
    {
        ArgumentNullException.ThrowIfNull(topology);
        CompactGraph g = GraphOf(topology);
        int s = g.NodeOf(sourceDpid), t = g.NodeOf(destinationDpid);
        if (s < 0 || t < 0)
        {
            return null;
        }

        double[] reserved = _reservations.ReservedFor(g);
        using PathSearch search = PathSearch.Rent(g);
        var ecmp = PathComputation.EqualCostPaths.Compute(search, g.Weights(metric), s, t);
        if (ecmp.Cost == long.MaxValue)
        {
            return null;
        }

        long rank = (long)(PathComputation.EqualCostPaths.Mix(flowHash) % (ulong)ecmp.PathCount);
        int count = ecmp.Unrank(rank);
        return Build(g, metric, search.PathBuffer.AsSpan(0, count), sourceDpid, destinationDpid, reserved);
    }

    /// <inheritdoc/>
    public (DisjointPathPair? Pair, PathConstraint Failed, string? Detail) DisjointPair(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, PathConstraints? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        constraints ??= PathConstraints.None;
        CompactGraph g = GraphOf(topology);
        if (!constraints.OnlyFiltersLinks)
        {
            return ConstrainedDisjointPair(g, sourceDpid, destinationDpid, metric, constraints, _reservations.ReservedFor(g));
        }

        int s = g.NodeOf(sourceDpid), t = g.NodeOf(destinationDpid);
        if (s < 0 || t < 0)
        {
            return (null, PathConstraint.Endpoint, UnknownEndpoint(g, sourceDpid, destinationDpid));
        }

        if (s == t)
        {
            return (null, PathConstraint.Disjoint, "source and destination are the same switch: there is no link to protect");
        }

        double[] reserved = _reservations.ReservedFor(g);
        using PathSearch search = PathSearch.Rent(g);
        if (ApplyFilters(search, g, constraints, reserved, s, t) is { } failure)
        {
            return (null, failure.Failed, failure.Detail);
        }

        long[] w = g.Weights(metric);
        if (DisjointPaths.Run(search, w, s, t) is not { } pair)
        {
            PathQueryResult why = Diagnose(search, g, constraints, reserved, s, t, []);
            return why.Failed is PathConstraint.Combination
                ? (null, PathConstraint.Disjoint, "no two paths share no link: some link is a bridge between the endpoints")
                : (null, why.Failed, why.Detail);
        }

        return (new DisjointPathPair(
            Build(g, metric, pair.Primary.Edges, sourceDpid, destinationDpid, reserved),
            Build(g, metric, pair.Backup.Edges, sourceDpid, destinationDpid, reserved)), PathConstraint.None, null);
    }

    /// <inheritdoc/>
    public ReservationResult Reserve(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, double bandwidthMbps, PathMetric metric = PathMetric.Hops)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (!(bandwidthMbps > 0) || !double.IsFinite(bandwidthMbps))
        {
            throw new ArgumentOutOfRangeException(nameof(bandwidthMbps), bandwidthMbps, "The rate must be a positive number of Mbit/s.");
        }

        CompactGraph g = GraphOf(topology);
        var constraints = new PathConstraints(MinFreeBandwidthMbps: bandwidthMbps);

        // Search and commit under one lock so that two requests cannot both take the last capacity.
        lock (_reservations.SyncRoot)
        {
            PathQueryResult result = FindPathsCore(g, sourceDpid, destinationDpid, metric, 1, constraints, _reservations.ReservedFor(g));
            if (!result.Found)
            {
                return new ReservationResult(null, result.Failed, result.Detail);
            }

            return new ReservationResult(_reservations.Add(sourceDpid, destinationDpid, bandwidthMbps, result.Paths[0], _time.GetUtcNow()), PathConstraint.None, null);
        }
    }

    /// <inheritdoc/>
    public bool Release(long reservationId) => _reservations.Remove(reservationId);

    /// <inheritdoc/>
    public int RecheckReservations(TopologySnapshot topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (_reservations.IsEmpty)
        {
            // No graph built for nothing: after a link loss the control loop calls this for every
            // cut, and the graph of the new snapshot is ~300 KB on a k=16 fat-tree.
            return 0;
        }

        CompactGraph g = GraphOf(topology);
        lock (_reservations.SyncRoot)
        {
            List<BandwidthReservation> broken = _reservations.Broken(g);
            DateTimeOffset now = _time.GetUtcNow();

            // In id order: the older reservation gets the first pick of what capacity is left.
            foreach (BandwidthReservation r in broken)
            {
                _reservations.Suspend(r);
                var constraints = new PathConstraints(MinFreeBandwidthMbps: r.BandwidthMbps);
                PathQueryResult result = FindPathsCore(g, r.SourceDpid, r.DestinationDpid, r.Path.Metric, 1, constraints, _reservations.ReservedFor(g));
                _reservations.Resume(result.Found
                    ? r with { Path = result.Paths[0], Reroutes = r.Reroutes + 1, ChangedAt = now }
                    : r with { Status = ReservationStatus.Failed, ChangedAt = now, Detail = "its path lost a link or switch and " + result.Detail });
            }

            return broken.Count;
        }
    }

    /// <inheritdoc/>
    public ReservationResult ReservePath(TopologySnapshot topology, ComputedPath path, double bandwidthMbps)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(path);
        if (!(bandwidthMbps > 0) || !double.IsFinite(bandwidthMbps))
        {
            throw new ArgumentOutOfRangeException(nameof(bandwidthMbps), bandwidthMbps, "The rate must be a positive number of Mbit/s.");
        }

        CompactGraph g = GraphOf(topology);
        lock (_reservations.SyncRoot)
        {
            double[] reserved = _reservations.ReservedFor(g);
            foreach (LinkInfo link in path.Path.Links)
            {
                int e = g.EdgeFrom(link.Source);
                if (e < 0 || g.Links[e].Destination != link.Destination)
                {
                    return new ReservationResult(null, PathConstraint.Reachability, $"link {link} is not in the topology");
                }

                double free = g.CapacityMbps[e] - reserved[e];
                if (free + 1e-9 < bandwidthMbps)
                {
                    return new ReservationResult(
                        null,
                        PathConstraint.MinBandwidth,
                        string.Create(CultureInfo.InvariantCulture, $"link {link} has {free:0.###} Mbit/s free, {bandwidthMbps:0.###} asked"));
                }
            }

            return new ReservationResult(
                _reservations.Add(path.Path.SourceDpid, path.Path.DestinationDpid, bandwidthMbps, path, _time.GetUtcNow()), PathConstraint.None, null);
        }
    }

    /// <inheritdoc/>
    public int RetryFailedReservations(TopologySnapshot topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (_reservations.IsEmpty)
        {
            return 0;
        }

        CompactGraph g = GraphOf(topology);
        lock (_reservations.SyncRoot)
        {
            DateTimeOffset now = _time.GetUtcNow();
            int granted = 0;

            // In id order, as when they failed: the older reservation gets the first pick.
            foreach (BandwidthReservation r in _reservations.Failed())
            {
                var constraints = new PathConstraints(MinFreeBandwidthMbps: r.BandwidthMbps);
                PathQueryResult result = FindPathsCore(g, r.SourceDpid, r.DestinationDpid, r.Path.Metric, 1, constraints, _reservations.ReservedFor(g));
                if (result.Found)
                {
                    _reservations.Resume(r with { Status = ReservationStatus.Active, Path = result.Paths[0], ChangedAt = now, Detail = null });
                    granted++;
                }
            }

            return granted;
        }
    }

    /// <inheritdoc/>
    public double ReservedMbps(SwitchPort source) => _reservations.ReservedOn(source);

    internal CompactGraph GraphOf(TopologySnapshot topology) => _graphs.Get(topology);

    /// <summary>A graph to take shortest-path trees from, without building one when the snapshot only lost links (see <see cref="GraphCache.ForTrees"/>).</summary>
    internal INextHopGraph TreeGraphOf(TopologySnapshot topology) => _graphs.ForTrees(topology);

    internal static ComputedPath Build(CompactGraph g, PathMetric metric, ReadOnlySpan<int> edges, ulong sourceDpid, ulong destinationDpid, double[]? reserved)
    {
        var links = new LinkInfo[edges.Length];
        long[] w = g.Weights(metric);
        long cost = 0;
        double latency = 0, free = double.PositiveInfinity;
        for (int i = 0; i < edges.Length; i++)
        {
            int e = edges[i];
            links[i] = g.Links[e];
            cost += w[e];
            latency += g.LatencyMs[e];
            free = Math.Min(free, g.CapacityMbps[e] - (reserved is null ? 0 : reserved[e]));
        }

        var path = new NetworkPath(sourceDpid, destinationDpid, ImmutableCollectionsMarshal.AsImmutableArray(links));
        return new ComputedPath(path, metric, CompactGraph.CostOf(metric, cost), latency, free);
    }

    private static PathQueryResult FindPathsCore(CompactGraph g, ulong sourceDpid, ulong destinationDpid, PathMetric metric, int k, PathConstraints constraints, double[] reserved)
    {
        using PathSearch search = PathSearch.Rent(g);
        if (Prepare(search, g, sourceDpid, destinationDpid, constraints, reserved, out int s, out int t, out PathLimits limits) is { } failure)
        {
            return failure;
        }

        int[] waypoints = limits.Waypoints;
        long[] w = g.Weights(metric);

        // One Dijkstra answers most queries exactly; Yen is the fallback for budgets and waypoints.
        if (k == 1 && waypoints.Length == 0)
        {
            if (search.Run(search.Labels(0), w, s, t) == long.MaxValue)
            {
                return Diagnose(search, g, constraints, reserved, s, t, waypoints);
            }

            int count = search.WalkForward(search.Labels(0), t);
            ReadOnlySpan<int> edges = search.PathBuffer.AsSpan(0, count);
            if (limits.Accepts(g, edges, s))
            {
                return new PathQueryResult([Build(g, metric, edges, sourceDpid, destinationDpid, reserved)], PathConstraint.None, null);
            }
        }
        else if (k == 1 && ConcatenateSegments(search, w, s, t, waypoints) is { } joined && limits.Accepts(g, joined, s))
        {
            // Each segment is shortest and together they are loopless, so nothing with the waypoints is cheaper.
            return new PathQueryResult([Build(g, metric, joined, sourceDpid, destinationDpid, reserved)], PathConstraint.None, null);
        }

        var found = new List<RawPath>(k);
        bool complete = KShortestPaths.Run(search, w, s, t, k, limits, SearchBudget, found);
        if (found.Count == 0)
        {
            return complete
                ? Diagnose(search, g, constraints, reserved, s, t, waypoints)
                : PathQueryResult.Fail(PathConstraint.SearchLimit, $"examined {SearchBudget} candidate paths without finding one that meets every constraint");
        }

        var paths = new ComputedPath[found.Count];
        for (int i = 0; i < paths.Length; i++)
        {
            paths[i] = Build(g, metric, found[i].Edges, sourceDpid, destinationDpid, reserved);
        }

        return new PathQueryResult(paths, PathConstraint.None, null);
    }

    /// <summary>
    /// Resolves the endpoints and waypoints, sets the link filters and turns the path budgets into
    /// <see cref="PathLimits"/>; returns a failure when an endpoint or waypoint is unknown or avoided.
    /// </summary>
    private static PathQueryResult? Prepare(PathSearch search, CompactGraph g, ulong sourceDpid, ulong destinationDpid, PathConstraints constraints, double[] reserved, out int s, out int t, out PathLimits limits)
    {
        s = g.NodeOf(sourceDpid);
        t = g.NodeOf(destinationDpid);
        limits = PathLimits.None;
        if (s < 0 || t < 0)
        {
            return PathQueryResult.Fail(PathConstraint.Endpoint, UnknownEndpoint(g, sourceDpid, destinationDpid));
        }

        var waypoints = new int[constraints.Waypoints.IsDefault ? 0 : constraints.Waypoints.Length];
        for (int i = 0; i < waypoints.Length; i++)
        {
            waypoints[i] = g.NodeOf(constraints.Waypoints[i]);
            if (waypoints[i] < 0)
            {
                return PathQueryResult.Fail(PathConstraint.Waypoints, $"waypoint {Name(constraints.Waypoints[i])} is not a connected switch");
            }
        }

        if (ApplyFilters(search, g, constraints, reserved, s, t) is { } failure)
        {
            return failure;
        }

        limits = new PathLimits(
            constraints.MaxHops ?? int.MaxValue,
            constraints.MaxLatencyMs is { } ms ? (long)Math.Floor((ms * CompactGraph.LatencyUnitsPerMs) + 1e-6) : long.MaxValue,
            waypoints);
        return null;
    }

    /// <summary>
    /// The equal-cost set among the paths that meet hop, latency or waypoint limits as well: every
    /// qualifying path of the least qualifying cost. A single equal-cost DAG cannot express whole-path
    /// limits, so qualifying loopless paths are enumerated cheapest first (Yen) until the cost rises.
    /// </summary>
    /// <returns>The set (its <see cref="EqualCostPathSet.PathCount"/> counts the paths enumerated, at most <paramref name="maxPaths"/>), or null when none qualifies or the search budget ran out first.</returns>
    private static EqualCostPathSet? ConstrainedEqualCostPaths(CompactGraph g, ulong sourceDpid, ulong destinationDpid, PathMetric metric, int maxPaths, PathConstraints constraints, double[] reserved)
    {
        using PathSearch search = PathSearch.Rent(g);
        if (Prepare(search, g, sourceDpid, destinationDpid, constraints, reserved, out int s, out int t, out PathLimits limits) is not null || maxPaths == 0)
        {
            return null;
        }

        var found = new List<RawPath>();
        KShortestPaths.Run(search, g.Weights(metric), s, t, maxPaths, limits, SearchBudget, found, cost => found.Count == 0 || cost == found[0].Cost);
        if (found.Count == 0)
        {
            return null;
        }

        var onDag = new SortedSet<int>();
        var paths = ImmutableArray.CreateBuilder<ComputedPath>(found.Count);
        foreach (RawPath p in found)
        {
            onDag.UnionWith(p.Edges);
            paths.Add(Build(g, metric, p.Edges, sourceDpid, destinationDpid, reserved));
        }

        var dag = ImmutableArray.CreateBuilder<LinkInfo>(onDag.Count);
        foreach (int e in onDag)
        {
            dag.Add(g.Links[e]);
        }

        return new EqualCostPathSet(CompactGraph.CostOf(metric, found[0].Cost), found.Count, dag.MoveToImmutable(), paths.MoveToImmutable());
    }

    /// <summary>
    /// The link-disjoint pair of least total cost among paths that each meet hop, latency or waypoint
    /// limits. Suurballe's flow formulation cannot carry whole-path limits, so qualifying paths are
    /// enumerated cheapest first and paired as they come: once the cheapest path plus the next
    /// candidate costs at least the best pair so far, no later pair can be cheaper, and the search stops.
    /// </summary>
    private static (DisjointPathPair? Pair, PathConstraint Failed, string? Detail) ConstrainedDisjointPair(CompactGraph g, ulong sourceDpid, ulong destinationDpid, PathMetric metric, PathConstraints constraints, double[] reserved)
    {
        using PathSearch search = PathSearch.Rent(g);
        if (Prepare(search, g, sourceDpid, destinationDpid, constraints, reserved, out int s, out int t, out PathLimits limits) is { } failure)
        {
            return (null, failure.Failed, failure.Detail);
        }

        if (s == t)
        {
            return (null, PathConstraint.Disjoint, "source and destination are the same switch: there is no link to protect");
        }

        var found = new List<RawPath>();
        int paired = 0;
        long best = long.MaxValue;
        (int A, int B) bestPair = (-1, -1);
        bool complete = KShortestPaths.Run(search, g.Weights(metric), s, t, int.MaxValue, limits, SearchBudget, found, cost =>
        {
            PairNew();
            return found.Count == 0 || best == long.MaxValue || found[0].Cost + cost < best;
        });
        PairNew();

        if (bestPair.A < 0)
        {
            if (found.Count == 0)
            {
                PathQueryResult why = complete
                    ? Diagnose(search, g, constraints, reserved, s, t, limits.Waypoints)
                    : PathQueryResult.Fail(PathConstraint.SearchLimit, $"examined {SearchBudget} candidate paths without finding one that meets every constraint");
                return (null, why.Failed, why.Detail);
            }

            return complete
                ? (null, PathConstraint.Disjoint, "no two link-disjoint paths both meet the constraints")
                : (null, PathConstraint.SearchLimit, $"examined {SearchBudget} candidate paths without finding two link-disjoint ones that meet every constraint");
        }

        // Found in non-decreasing cost order, so the first of the pair is the cheaper: the primary.
        return (new DisjointPathPair(
            Build(g, metric, found[bestPair.A].Edges, sourceDpid, destinationDpid, reserved),
            Build(g, metric, found[bestPair.B].Edges, sourceDpid, destinationDpid, reserved)), PathConstraint.None, null);

        void PairNew()
        {
            for (; paired < found.Count; paired++)
            {
                RawPath b = found[paired];
                for (int a = 0; a < paired; a++)
                {
                    if (found[a].Cost + b.Cost < best && !SharesEdge(found[a].Edges, b.Edges))
                    {
                        best = found[a].Cost + b.Cost;
                        bestPair = (a, paired);
                    }
                }
            }
        }
    }

    private static bool SharesEdge(int[] a, int[] b)
    {
        foreach (int e in a)
        {
            if (Array.IndexOf(b, e) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Shortest segments source → waypoints → target joined; null when a segment is missing or they cross.</summary>
    private static int[]? ConcatenateSegments(PathSearch search, long[] w, int s, int t, int[] waypoints)
    {
        var edges = new List<int>();
        int from = s;
        for (int i = 0; i <= waypoints.Length; i++)
        {
            int to = i < waypoints.Length ? waypoints[i] : t;
            if (from == to)
            {
                continue;
            }

            if (search.Run(search.Labels(0), w, from, to) == long.MaxValue)
            {
                return null;
            }

            int count = search.WalkForward(search.Labels(0), to);
            edges.AddRange(search.PathBuffer.AsSpan(0, count));
            from = to;
        }

        // Loopless means no switch twice.
        var seen = new HashSet<int> { s };
        foreach (int e in edges)
        {
            if (!seen.Add(search.Graph.EdgeTarget[e]))
            {
                return null;
            }
        }

        return [.. edges];
    }

    /// <summary>Sets the link filters of the constraints; returns a failure when an endpoint itself is avoided.</summary>
    private static PathQueryResult? ApplyFilters(PathSearch search, CompactGraph g, PathConstraints c, double[] reserved, int s, int t, bool avoid = true, bool bandwidth = true)
    {
        search.ClearFilters();
        if (avoid)
        {
            if (!c.AvoidSwitches.IsDefault)
            {
                foreach (ulong dpid in c.AvoidSwitches)
                {
                    int n = g.NodeOf(dpid);
                    if (n == s || n == t)
                    {
                        return PathQueryResult.Fail(PathConstraint.Avoid, $"switch {Name(g, n)} is an endpoint and cannot be avoided");
                    }

                    if (n >= 0)
                    {
                        search.FilterNode(n);
                    }
                }
            }

            if (!c.AvoidLinks.IsDefault)
            {
                foreach (SwitchPort port in c.AvoidLinks)
                {
                    int e = g.EdgeFrom(port);
                    if (e >= 0)
                    {
                        search.FilterEdge(e);
                    }
                }
            }
        }

        if (bandwidth && c.MinFreeBandwidthMbps is { } min)
        {
            for (int e = 0; e < g.EdgeCount; e++)
            {
                if (g.CapacityMbps[e] - reserved[e] < min - 1e-9)
                {
                    search.FilterEdge(e);
                }
            }
        }

        return null;
    }

    /// <summary>Adds constraints one at a time to find the first that makes the query infeasible.</summary>
    private static PathQueryResult Diagnose(PathSearch search, CompactGraph g, PathConstraints c, double[] reserved, int s, int t, int[] waypoints)
    {
        SearchLabels labels = search.Labels(0);
        search.ClearFilters();
        if (search.Run(labels, g.HopWeights, s, t) == long.MaxValue)
        {
            return PathQueryResult.Fail(PathConstraint.Reachability, $"{Name(g, t)} cannot be reached from {Name(g, s)}");
        }

        ApplyFilters(search, g, c, reserved, s, t, bandwidth: false);
        if (search.Run(labels, g.HopWeights, s, t) == long.MaxValue)
        {
            return PathQueryResult.Fail(PathConstraint.Avoid, $"every path from {Name(g, s)} to {Name(g, t)} crosses an avoided switch or link");
        }

        ApplyFilters(search, g, c, reserved, s, t);
        if (search.Run(labels, g.HopWeights, s, t) == long.MaxValue)
        {
            return PathQueryResult.Fail(
                PathConstraint.MinBandwidth,
                string.Create(CultureInfo.InvariantCulture, $"no path from {Name(g, s)} to {Name(g, t)} has {c.MinFreeBandwidthMbps} Mbit/s free on every link"));
        }

        long hops = 0, latency = 0;
        int from = s;
        for (int i = 0; i <= waypoints.Length; i++)
        {
            int to = i < waypoints.Length ? waypoints[i] : t;
            long h = search.Run(labels, g.HopWeights, from, to);
            long l = search.Run(labels, g.LatencyWeights, from, to);
            if (h == long.MaxValue)
            {
                return PathQueryResult.Fail(PathConstraint.Waypoints, $"{Name(g, to)} cannot be reached from {Name(g, from)} in the waypoint order");
            }

            hops += h;
            latency += l;
            from = to;
        }

        if (c.MaxHops is { } maxHops && hops > maxHops)
        {
            return PathQueryResult.Fail(PathConstraint.MaxHops, $"the shortest qualifying path has {hops} hops, more than {maxHops}");
        }

        if (c.MaxLatencyMs is { } maxLatency && latency / CompactGraph.LatencyUnitsPerMs > maxLatency + 1e-9)
        {
            return PathQueryResult.Fail(
                PathConstraint.MaxLatency,
                string.Create(CultureInfo.InvariantCulture, $"the lowest-latency qualifying path takes {latency / CompactGraph.LatencyUnitsPerMs} ms, more than {maxLatency} ms"));
        }

        if (waypoints.Length > 0 && c.MaxHops is null && c.MaxLatencyMs is null)
        {
            return PathQueryResult.Fail(PathConstraint.Waypoints, "every way through the waypoints in order visits some switch twice");
        }

        return PathQueryResult.Fail(PathConstraint.Combination, "each constraint can be met on its own, but no loopless path meets them all together");
    }

    private static string UnknownEndpoint(CompactGraph g, ulong source, ulong destination) =>
        g.NodeOf(source) < 0 ? $"switch {Name(source)} is not connected" : $"switch {Name(destination)} is not connected";

    private static string Name(CompactGraph g, int node) => g.Names[node] ?? Name(g.Dpids[node]);

    private static string Name(ulong dpid) => dpid.ToString("x16", CultureInfo.InvariantCulture);
}
