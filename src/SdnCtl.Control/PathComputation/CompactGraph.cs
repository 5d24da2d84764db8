using System.Collections.Frozen;
using System.Collections.Immutable;
using SdnCtl.Control.Network;
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
internal sealed class CompactGraph
{
    /// <summary>Integer latency units per millisecond (nanoseconds).</summary>
    public const double LatencyUnitsPerMs = 1_000_000;

    /// <summary>Integer inverse-capacity units per unit of cost (a 1 Gbit/s link costs 1,000,000).</summary>
    public const double BandwidthUnitsPerCost = 1_000_000;

    private readonly FrozenDictionary<SwitchPort, int> _edgeBySourcePort;
    private readonly FrozenDictionary<string, int> _nodeByName;
    private readonly ImmutableArray<LinkInfo> _snapshotLinks;

    public CompactGraph(TopologySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int n = snapshot.Switches.Length;
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
        var bySource = new Dictionary<SwitchPort, int>(m);
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
            bySource.TryAdd(link.Source, e);
        }

        OutStart = outStart;
        HopWeights = hop;
        LatencyWeights = lat;
        BandwidthWeights = bw;
        _edgeBySourcePort = bySource.ToFrozenDictionary();

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

    public int NodeOf(string name) => _nodeByName.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The edge leaving <paramref name="source"/>, or -1.</summary>
    public int EdgeFrom(SwitchPort source) => _edgeBySourcePort.TryGetValue(source, out int e) ? e : -1;

    /// <summary>True when the snapshot has exactly the switches and link instances this graph was built from.</summary>
    public bool Matches(TopologySnapshot snapshot)
    {
        if (snapshot.Switches.Length != Dpids.Length || snapshot.Links.Length != _snapshotLinks.Length)
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
