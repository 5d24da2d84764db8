namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Suurballe's algorithm (Suurballe and Tarjan 1984) for two link-disjoint paths of minimum total
/// cost: a shortest path, then a shortest path in the residual graph with reduced costs where the
/// first path's links may be walked backwards, then the links both walked cancel out.
/// </summary>
/// <remarks>
/// Disjointness is per directed link, as the paths are directed. Weights of at least 1 keep the
/// union acyclic, so it always splits into two simple paths.
/// </remarks>
internal static class DisjointPaths
{
    /// <returns>The pair, cheaper first, or <see langword="null"/> when no two link-disjoint paths exist.</returns>
    public static (RawPath Primary, RawPath Backup)? Run(PathSearch search, long[] weights, int source, int target)
    {
        CompactGraph g = search.Graph;
        SearchLabels first = search.Labels(1), second = search.Labels(2);
        search.ClearBlocks();
        search.Run(first, weights, source);
        if (!first.Has(target) || source == target)
        {
            return null;
        }

        // Mark the first path with blocks: a blocked edge is not walked forwards again.
        for (int v = target, e = first.Previous(v); e >= 0; v = g.EdgeSource[e], e = first.Previous(v))
        {
            search.BlockEdge(e);
        }

        // Residual Dijkstra on reduced costs w(u,v) + d(u) - d(v) >= 0; reversed first-path links cost 0.
        // Previous edges of reversed steps are stored as -(e + 2) so that -1 still means "none".
        NodeHeap heap = search.Heap;
        second.Reset();
        heap.Clear();
        second.Set(source, 0, -1);
        heap.Upsert(source, 0);
        while (heap.Count > 0)
        {
            int u = heap.Pop(out long du);
            if (u == target)
            {
                break;
            }

            long fu = first.Distance(u);
            for (int e = g.OutStart[u]; e < g.OutStart[u + 1]; e++)
            {
                int v = g.EdgeTarget[e];
                if (!search.EdgeUsable(e) || !search.NodeUsable(v) || !first.Has(v))
                {
                    continue;
                }

                long d = du + weights[e] + fu - first.Distance(v);
                if (d < second.Distance(v))
                {
                    second.Set(v, d, e);
                    heap.Upsert(v, d);
                }
            }

            for (int i = g.InStart[u]; i < g.InStart[u + 1]; i++)
            {
                int e = g.InEdges[i];
                if (!search.IsEdgeBlocked(e))
                {
                    continue;
                }

                int v = g.EdgeSource[e];
                if (du < second.Distance(v))
                {
                    second.Set(v, du, -(e + 2));
                    heap.Upsert(v, du);
                }
            }
        }

        heap.Clear();
        if (!second.Has(target))
        {
            search.ClearBlocks();
            return null;
        }

        // The union: first-path links (still blocked) plus the second's forward links, minus the
        // first-path links the second walked back.
        for (int v = target, p = second.Previous(v); p != -1; p = second.Previous(v))
        {
            if (p >= 0)
            {
                search.BlockEdge(p);
                v = g.EdgeSource[p];
            }
            else
            {
                int e = -(p + 2);
                search.UnblockEdge(e);
                v = g.EdgeTarget[e];
            }
        }

        RawPath a = TakePath(search, weights, source, target);
        RawPath b = TakePath(search, weights, source, target);
        search.ClearBlocks();
        return b.Cost < a.Cost ? (b, a) : (a, b);
    }

    private static RawPath TakePath(PathSearch search, long[] weights, int source, int target)
    {
        CompactGraph g = search.Graph;
        int[] buffer = search.PathBuffer;
        int count = 0;
        long cost = 0;
        for (int u = source; u != target;)
        {
            int taken = -1;
            for (int e = g.OutStart[u]; e < g.OutStart[u + 1]; e++)
            {
                if (search.IsEdgeBlocked(e))
                {
                    taken = e;
                    break;
                }
            }

            if (taken < 0 || count == buffer.Length)
            {
                throw new InvalidOperationException("Suurballe's union did not split into two paths.");
            }

            search.UnblockEdge(taken);
            buffer[count++] = taken;
            cost += weights[taken];
            u = g.EdgeTarget[taken];
        }

        return new RawPath(buffer.AsSpan(0, count).ToArray(), cost);
    }
}
