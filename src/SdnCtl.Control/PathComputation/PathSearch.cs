namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Dijkstra over a <see cref="CompactGraph"/> with the scratch it needs (labels, heap, masks, a path
/// buffer), kept per thread and reused, so that after warm-up a search allocates nothing.
/// </summary>
/// <remarks>
/// Two kinds of masks restrict a search: filters are set once per query (avoided switches and links,
/// links without the requested free bandwidth); blocks are set and cleared many times within one
/// query (Yen's spur searches). Both are generation-stamped so clearing is O(1).
/// Rent with <see cref="Rent"/> and dispose to give it back; a nested rent on the same thread gets a
/// fresh instance rather than corrupting the outer one.
/// </remarks>
internal sealed class PathSearch : IDisposable
{
    [ThreadStatic]
    private static PathSearch? t_cached;

    private readonly NodeHeap _heap = new();
    private readonly SearchLabels[] _labels = [new(), new(), new(), new()];
    private int[] _nodeFilter = [];
    private int[] _edgeFilter = [];
    private int[] _nodeBlock = [];
    private int[] _edgeBlock = [];
    private int _nodeFilterGen = 1, _edgeFilterGen = 1, _nodeBlockGen = 1, _edgeBlockGen = 1;
    private int[] _path = [];
    private bool _rented;

    public CompactGraph Graph { get; private set; } = null!;

    /// <summary>Labels of the main search (slot 0) and of searches whose results must outlive it (1–3).</summary>
    public SearchLabels Labels(int slot) => _labels[slot];

    /// <summary>A buffer of at least <c>NodeCount</c> ints for walking a path out.</summary>
    public int[] PathBuffer => _path;

    public NodeHeap Heap => _heap;

    public static PathSearch Rent(CompactGraph graph)
    {
        PathSearch search = t_cached is { _rented: false } cached ? cached : new PathSearch();
        t_cached ??= search;
        search._rented = true;
        search.Bind(graph);
        return search;
    }

    public void Dispose() => _rented = false;

    // ---- masks ------------------------------------------------------------------------------

    public void ClearFilters()
    {
        Next(ref _nodeFilterGen, _nodeFilter);
        Next(ref _edgeFilterGen, _edgeFilter);
    }

    public void FilterNode(int node) => _nodeFilter[node] = _nodeFilterGen;

    public void FilterEdge(int edge) => _edgeFilter[edge] = _edgeFilterGen;

    public bool IsNodeFiltered(int node) => _nodeFilter[node] == _nodeFilterGen;

    public void ClearBlocks()
    {
        Next(ref _nodeBlockGen, _nodeBlock);
        Next(ref _edgeBlockGen, _edgeBlock);
    }

    public void BlockNode(int node) => _nodeBlock[node] = _nodeBlockGen;

    public void BlockEdge(int edge) => _edgeBlock[edge] = _edgeBlockGen;

    public void UnblockEdge(int edge) => _edgeBlock[edge] = 0;

    public bool IsEdgeBlocked(int edge) => _edgeBlock[edge] == _edgeBlockGen;

    public bool IsEdgeFiltered(int edge) => _edgeFilter[edge] == _edgeFilterGen;

    public bool NodeUsable(int node) => _nodeFilter[node] != _nodeFilterGen && _nodeBlock[node] != _nodeBlockGen;

    public bool EdgeUsable(int edge) => _edgeFilter[edge] != _edgeFilterGen && _edgeBlock[edge] != _edgeBlockGen;

    // ---- search -----------------------------------------------------------------------------

    /// <summary>
    /// Dijkstra from <paramref name="source"/> (over out-edges, or over in-edges when
    /// <paramref name="reverse"/>, which yields distances <i>to</i> the source). Stops when
    /// <paramref name="target"/> is settled (-1: settle everything) or keys exceed <paramref name="bound"/>.
    /// </summary>
    /// <returns>The distance to the target, or <see cref="long.MaxValue"/> when it is unreachable; 0 without a target.</returns>
    public long Run(SearchLabels labels, long[] weights, int source, int target = -1, bool reverse = false, long bound = long.MaxValue)
    {
        CompactGraph g = Graph;
        labels.Reset();
        _heap.Clear();
        if (!NodeUsable(source))
        {
            return target < 0 ? 0 : long.MaxValue;
        }

        labels.Set(source, 0, -1);
        _heap.Upsert(source, 0);
        int[] outStart = g.OutStart, inStart = g.InStart, inEdges = g.InEdges, edgeSource = g.EdgeSource, edgeTarget = g.EdgeTarget;
        while (_heap.Count > 0)
        {
            int u = _heap.Pop(out long du);
            if (u == target)
            {
                _heap.Clear();
                return du;
            }

            if (du > bound)
            {
                break;
            }

            if (!reverse)
            {
                for (int e = outStart[u], end = outStart[u + 1]; e < end; e++)
                {
                    Relax(labels, e, edgeTarget[e], du + weights[e]);
                }
            }
            else
            {
                for (int i = inStart[u], end = inStart[u + 1]; i < end; i++)
                {
                    int e = inEdges[i];
                    Relax(labels, e, edgeSource[e], du + weights[e]);
                }
            }
        }

        _heap.Clear();
        return target < 0 ? 0 : long.MaxValue;
    }

    /// <summary>
    /// Writes the edges of the path found by a forward <see cref="Run"/> from its source to
    /// <paramref name="target"/> into <see cref="PathBuffer"/>, source first.
    /// </summary>
    /// <returns>The number of edges.</returns>
    public int WalkForward(SearchLabels labels, int target)
    {
        int count = 0;
        for (int v = target, e = labels.Previous(v); e >= 0; v = Graph.EdgeSource[e], e = labels.Previous(v))
        {
            _path[count++] = e;
        }

        _path.AsSpan(0, count).Reverse();
        return count;
    }

    /// <summary>Writes the path from <paramref name="from"/> to the source of a reverse <see cref="Run"/> into <see cref="PathBuffer"/>.</summary>
    public int WalkReverse(SearchLabels labels, int from)
    {
        int count = 0;
        for (int v = from, e = labels.Previous(v); e >= 0; v = Graph.EdgeTarget[e], e = labels.Previous(v))
        {
            _path[count++] = e;
        }

        return count;
    }

    private void Relax(SearchLabels labels, int edge, int v, long distance)
    {
        if (distance < labels.Distance(v) && EdgeUsable(edge) && NodeUsable(v))
        {
            labels.Set(v, distance, edge);
            _heap.Upsert(v, distance);
        }
    }

    private void Bind(CompactGraph graph)
    {
        Graph = graph;
        int n = graph.NodeCount, m = graph.EdgeCount;
        _heap.EnsureCapacity(n);
        foreach (SearchLabels l in _labels)
        {
            l.EnsureCapacity(n);
        }

        if (_nodeFilter.Length < n)
        {
            _nodeFilter = new int[n];
            _nodeBlock = new int[n];
            _path = new int[n];
        }

        if (_edgeFilter.Length < m)
        {
            _edgeFilter = new int[m];
            _edgeBlock = new int[m];
        }

        ClearFilters();
        ClearBlocks();
    }

    private static void Next(ref int generation, int[] stamps)
    {
        if (++generation == int.MaxValue)
        {
            Array.Clear(stamps);
            generation = 1;
        }
    }
}
