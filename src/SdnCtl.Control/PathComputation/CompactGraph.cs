using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Topology;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// A snapshot's switches and directed links as CSR arrays (out- and in-adjacency) with one integer
/// weight array per metric. Built once per graph version and shared by every query on it.
/// </summary>
/// <remarks>
/// Weights are integers so that equal-cost comparisons (ECMP, Yen's ties, the oracles in tests) are
/// exact: latency in nanoseconds, inverse capacity in millionths of a 1 Gbit/s link. Every weight is
/// at least 1 so that the equal-cost subgraph is acyclic and minimum-cost flows have no cycles.
/// Edge ids are grouped by source node, so a node's out-edges are the range
/// <c>OutStart[u]..OutStart[u+1]</c> itself.
/// </remarks>
internal sealed class CompactGraph : INextHopGraph
{
    // Bounds the tree cache as PathGraph does: a caller asking for every destination of a large
    // fabric must not pin a V-sized array per switch for the graph's lifetime.
    private const int MaxCachedTrees = 1024;

    /// <summary>Integer latency units per millisecond (nanoseconds).</summary>
    public const double LatencyUnitsPerMs = 1_000_000;

    /// <summary>Integer inverse-capacity units per unit of cost (a 1 Gbit/s link costs 1,000,000).</summary>
    public const double BandwidthUnitsPerCost = 1_000_000;

    private readonly FrozenDictionary<string, int> _nodeByName;
    private readonly ImmutableArray<LinkInfo> _snapshotLinks;
    private readonly ConcurrentDictionary<(PathMetric Metric, int Destination), int[]> _trees = new();

    /// <summary>Builds the graph of <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The switches and links.</param>
    /// <param name="previous">
    /// The graph of an earlier snapshot: when the switches are the same (the usual case of a link
    /// going down or up) its node index and name table are shared instead of rebuilt, so that the
    /// graph after a link failure costs a few array passes over the links and no hashing.
    /// </param>
    public CompactGraph(TopologySnapshot snapshot, CompactGraph? previous = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int n = snapshot.Switches.Length;
        if (previous is not null && previous.HasSwitchesOf(snapshot))
        {
            Dpids = previous.Dpids;
            Names = previous.Names;
            _nodeByName = previous._nodeByName;
        }
        else
        {
            var dpids = new ulong[n];
            var names = new string?[n];
            for (int i = 0; i < n; i++)
            {
                dpids[i] = snapshot.Switches[i].DatapathId;
                names[i] = snapshot.Switches[i].Name;
            }

            // Snapshots list switches by datapath id; a hand-built one might not, and binary search needs it.
            if (!IsSorted(dpids))
            {
                Array.Sort(dpids, names);
            }

            Dpids = dpids;
            Names = names;
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                if (names[i] is { } name)
                {
                    byName.TryAdd(name, i);
                }
            }

            _nodeByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        }

        // Counting sort by source node keeps the snapshot's order (source port) within a node.
        var links = _snapshotLinks = snapshot.Links;
        var src = new int[links.Length];
        var dst = new int[links.Length];
        var outStart = new int[n + 1];
        int m = 0;
        for (int l = 0; l < links.Length; l++)
        {
            src[l] = NodeOf(links[l].Source.DatapathId);
            dst[l] = NodeOf(links[l].Destination.DatapathId);
            if (src[l] >= 0 && dst[l] >= 0 && src[l] != dst[l])
            {
                outStart[src[l] + 1]++;
                m++;
            }
        }

        for (int u = 0; u < n; u++)
        {
            outStart[u + 1] += outStart[u];
        }

        var fill = (int[])outStart.Clone();
        EdgeSource = new int[m];
        EdgeTarget = new int[m];
        Links = new LinkInfo[m];
        LatencyMs = new double[m];
        CapacityMbps = new double[m];
        var hop = new long[m];
        var lat = new long[m];
        var bw = new long[m];
        for (int l = 0; l < links.Length; l++)
        {
            if (src[l] < 0 || dst[l] < 0 || src[l] == dst[l])
            {
                continue;
            }

            int e = fill[src[l]]++;
            LinkInfo link = links[l];
            EdgeSource[e] = src[l];
            EdgeTarget[e] = dst[l];
            Links[e] = link;
            double latency = link.LatencyMs is { } x && x >= 0 && double.IsFinite(x) ? x : LinkSpec.DefaultLatencyMs;
            double capacity = link.BandwidthMbps is { } b && b > 0 && double.IsFinite(b) ? b : LinkSpec.DefaultBandwidthMbps;
            LatencyMs[e] = latency;
            CapacityMbps[e] = capacity;
            hop[e] = 1;
            lat[e] = Math.Max(1, (long)Math.Round(latency * LatencyUnitsPerMs));
            bw[e] = Math.Max(1, (long)Math.Round(1000 / capacity * BandwidthUnitsPerCost));
        }

        OutStart = outStart;
        HopWeights = hop;
        LatencyWeights = lat;
        BandwidthWeights = bw;

        var inStart = new int[n + 1];
        for (int e = 0; e < m; e++)
        {
            inStart[EdgeTarget[e] + 1]++;
        }

        for (int u = 0; u < n; u++)
        {
            inStart[u + 1] += inStart[u];
        }

        var inFill = (int[])inStart.Clone();
        InEdges = new int[m];
        for (int e = 0; e < m; e++)
        {
            InEdges[inFill[EdgeTarget[e]]++] = e;
        }

        InStart = inStart;
    }

    public int NodeCount => Dpids.Length;

    /// <summary>The links of the snapshot the graph was built from, in its order (edges or not).</summary>
    public ImmutableArray<LinkInfo> SnapshotLinks => _snapshotLinks;

    public int EdgeCount => EdgeSource.Length;

    /// <summary>Node index → datapath id, ascending.</summary>
    public ulong[] Dpids { get; }

    /// <summary>Node index → switch name, when declared.</summary>
    public string?[] Names { get; }

    /// <summary>Node → first out-edge id; out-edges of u are ids <c>OutStart[u]</c>..<c>OutStart[u+1]-1</c>.</summary>
    public int[] OutStart { get; }

    /// <summary>Node → first entry of <see cref="InEdges"/>.</summary>
    public int[] InStart { get; }

    /// <summary>Edge ids grouped by target node.</summary>
    public int[] InEdges { get; }

    public int[] EdgeSource { get; }

    public int[] EdgeTarget { get; }

    public LinkInfo[] Links { get; }

    public double[] LatencyMs { get; }

    public double[] CapacityMbps { get; }

    public long[] HopWeights { get; }

    public long[] LatencyWeights { get; }

    public long[] BandwidthWeights { get; }

    public long[] Weights(PathMetric metric) => metric switch
    {
        PathMetric.Latency => LatencyWeights,
        PathMetric.Bandwidth => BandwidthWeights,
        _ => HopWeights,
    };

    /// <summary>Turns an integer cost back into the metric's unit (hops, ms, or 1 Gbit/s-link equivalents).</summary>
    public static double CostOf(PathMetric metric, long units) => metric switch
    {
        PathMetric.Latency => units / LatencyUnitsPerMs,
        PathMetric.Bandwidth => units / BandwidthUnitsPerCost,
        _ => units,
    };

    /// <summary>A cost in the metric's unit as integer weight units, rounded to the nearest unit.</summary>
    public static long UnitsOf(PathMetric metric, double cost) => metric switch
    {
        PathMetric.Latency => (long)Math.Round(cost * LatencyUnitsPerMs),
        PathMetric.Bandwidth => (long)Math.Round(cost * BandwidthUnitsPerCost),
        _ => (long)Math.Round(cost),
    };

    public int NodeOf(ulong dpid)
    {
        int i = Array.BinarySearch(Dpids, dpid);
        return i >= 0 ? i : -1;
    }

    public ulong DpidOf(int node) => Dpids[node];

    public uint LeavingPort(int link) => Links[link].Source.PortNo;

    public int LinkDestinationNode(int link) => EdgeTarget[link];

    /// <summary>
    /// For every node, the edge it leaves by on a minimum-<paramref name="metric"/> path toward
    /// <paramref name="destination"/> (-1: unreachable, or the destination itself): one reverse
    /// Dijkstra answers every source. Cached per graph; callers must not write to it.
    /// </summary>
    public int[] TreeToward(PathMetric metric, int destination)
    {
        if (_trees.TryGetValue((metric, destination), out int[]? cached))
        {
            return cached;
        }

        var next = new int[NodeCount];
        using (PathSearch search = PathSearch.Rent(this))
        {
            SearchLabels labels = search.Labels(0);
            search.Run(labels, Weights(metric), destination, reverse: true);
            for (int u = 0; u < next.Length; u++)
            {
                next[u] = labels.Previous(u);
            }
        }

        if (_trees.Count >= MaxCachedTrees)
        {
            _trees.Clear();
        }

        _trees.TryAdd((metric, destination), next);
        return next;
    }

    public int NodeOf(string name) => _nodeByName.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The edge leaving <paramref name="source"/>, or -1.</summary>
    /// <remarks>
    /// A scan of the switch's out-edges (its degree, at most a few dozen) rather than a hash table
    /// over all links: that table was most of the cost of building a graph after a link failure.
    /// </remarks>
    public int EdgeFrom(SwitchPort source)
    {
        int u = NodeOf(source.DatapathId);
        if (u < 0)
        {
            return -1;
        }

        for (int e = OutStart[u], end = OutStart[u + 1]; e < end; e++)
        {
            if (Links[e].Source.PortNo == source.PortNo)
            {
                return e;
            }
        }

        return -1;
    }

    /// <summary>True when the snapshot has exactly the switches and link instances this graph was built from.</summary>
    public bool Matches(TopologySnapshot snapshot)
    {
        if (snapshot.Links.Length != _snapshotLinks.Length || !HasSwitchesOf(snapshot))
        {
            return false;
        }

        // Link records are reused from snapshot to snapshot until they change, so identity is enough.
        for (int l = 0; l < _snapshotLinks.Length; l++)
        {
            if (!ReferenceEquals(snapshot.Links[l], _snapshotLinks[l]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the snapshot lists exactly this graph's switches, in node order, with the same names.</summary>
    public bool HasSwitchesOf(TopologySnapshot snapshot)
    {
        if (snapshot.Switches.Length != Dpids.Length)
        {
            return false;
        }

        for (int i = 0; i < snapshot.Switches.Length; i++)
        {
            SwitchInfo s = snapshot.Switches[i];
            if (s.DatapathId != Dpids[i] || !string.Equals(s.Name, Names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSorted(ulong[] values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i - 1] >= values[i])
            {
                return false;
            }
        }

        return true;
    }
}
