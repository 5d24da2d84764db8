namespace SdnCtl.Control.PathComputation;

/// <summary>
/// The set of all minimum-cost paths between two nodes as a DAG: edge (u,v) belongs when
/// <c>d(s,u) + w + d(v,t) = d(s,t)</c>. Counting the paths below each node lets a flow hash pick a path
/// uniformly by unranking, without enumerating the set (a k=48 fat-tree has 576 per pod pair).
/// </summary>
/// <remarks>
/// After <see cref="Compute"/>, labels slot 1 holds distances from the source, slot 2 distances to
/// the target, and the per-node path counts live in the search's scratch; they stay valid until the
/// next search on the same <see cref="PathSearch"/>.
/// </remarks>
internal sealed class EqualCostPaths
{
    private readonly PathSearch _search;
    private readonly long[] _weights;
    private long[] _count = [];
    private int[] _order = [];
    private long[] _keys = [];

    [ThreadStatic]
    private static EqualCostPaths? t_cached;

    private EqualCostPaths(PathSearch search, long[] weights)
    {
        _search = search;
        _weights = weights;
    }

    public int Source { get; private set; }

    public int Target { get; private set; }

    /// <summary>The common cost, or <see cref="long.MaxValue"/> when the target is unreachable.</summary>
    public long Cost { get; private set; }

    /// <summary>How many equal-cost paths there are (saturates at <see cref="long.MaxValue"/>).</summary>
    public long PathCount { get; private set; }

    /// <summary>Computes the DAG. Reuses one instance per thread and search so that hashing a flow allocates nothing.</summary>
    public static EqualCostPaths Compute(PathSearch search, long[] weights, int source, int target)
    {
        EqualCostPaths ecmp = t_cached is { } cached && ReferenceEquals(cached._search, search) && ReferenceEquals(cached._weights, weights)
            ? cached
            : new EqualCostPaths(search, weights);
        t_cached = ecmp;
        ecmp.Run(source, target);
        return ecmp;
    }

    /// <summary>True when the edge lies on some minimum-cost path.</summary>
    public bool IsOnDag(int edge)
    {
        CompactGraph g = _search.Graph;
        long du = _search.Labels(1).Distance(g.EdgeSource[edge]);
        long dv = _search.Labels(2).Distance(g.EdgeTarget[edge]);
        return du != long.MaxValue && dv != long.MaxValue && du + _weights[edge] + dv == Cost && _search.EdgeUsable(edge) && _search.NodeUsable(g.EdgeTarget[edge]);
    }

    /// <summary>Writes the <paramref name="rank"/>-th path (0-based, in edge-id order) into the search's path buffer.</summary>
    /// <returns>The number of edges.</returns>
    public int Unrank(long rank)
    {
        CompactGraph g = _search.Graph;
        int[] buffer = _search.PathBuffer;
        int count = 0;
        int node = Source;
        while (node != Target)
        {
            int chosen = -1;
            for (int e = g.OutStart[node]; e < g.OutStart[node + 1]; e++)
            {
                if (!IsOnDag(e))
                {
                    continue;
                }

                long below = _count[g.EdgeTarget[e]];
                if (rank < below)
                {
                    chosen = e;
                    break;
                }

                rank -= below;
            }

            if (chosen < 0)
            {
                return count; // only when rank >= PathCount; callers keep it below
            }

            buffer[count++] = chosen;
            node = g.EdgeTarget[chosen];
        }

        return count;
    }

    /// <summary>Mixes a flow hash (SplitMix64 finalizer) so that sequential hashes spread over the set.</summary>
    public static ulong Mix(ulong hash)
    {
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }

    private void Run(int source, int target)
    {
        CompactGraph g = _search.Graph;
        int n = g.NodeCount;
        if (_count.Length < n)
        {
            _count = new long[n];
            _order = new int[n];
            _keys = new long[n];
        }

        Source = source;
        Target = target;
        SearchLabels from = _search.Labels(1), to = _search.Labels(2);
        long cost = _search.Run(_search.Labels(0), _weights, source, target);
        Cost = cost;
        PathCount = 0;
        if (cost == long.MaxValue)
        {
            return;
        }

        _search.Run(from, _weights, source, bound: cost);
        _search.Run(to, _weights, target, reverse: true, bound: cost);

        // Nodes on the DAG, nearest the target first: every DAG edge goes to a strictly nearer node
        // (weights are at least 1), so one pass in this order counts paths.
        int m = 0;
        for (int v = 0; v < n; v++)
        {
            long dv = from.Distance(v), tv = to.Distance(v);
            if (dv != long.MaxValue && tv != long.MaxValue && dv + tv == cost)
            {
                _order[m] = v;
                _keys[m] = tv;
                m++;
            }
        }

        _keys.AsSpan(0, m).Sort(_order.AsSpan(0, m));
        for (int i = 0; i < m; i++)
        {
            int u = _order[i];
            if (u == target)
            {
                _count[u] = 1;
                continue;
            }

            long total = 0;
            for (int e = g.OutStart[u]; e < g.OutStart[u + 1]; e++)
            {
                if (IsOnDag(e))
                {
                    long add = _count[g.EdgeTarget[e]];
                    total = total > long.MaxValue - add ? long.MaxValue : total + add;
                }
            }

            _count[u] = total;
        }

        PathCount = _count[source];
    }
}
