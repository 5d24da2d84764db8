namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Yen's k shortest loopless paths (Yen 1971), optionally keeping only paths that meet
/// <see cref="PathLimits"/>. Paths come out in non-decreasing cost order, so the first accepted path
/// is the optimal constrained one: that makes this the exact fallback for hop/latency budgets and
/// waypoints, which a single Dijkstra cannot honour.
/// </summary>
internal static class KShortestPaths
{
    /// <summary>Enumerates paths until <paramref name="k"/> are accepted, nothing is left, or <paramref name="budget"/> paths were examined.</summary>
    /// <remarks>
    /// With <c>below</c> set, enumeration also stops (complete) at the first path whose cost it
    /// refuses: paths come in non-decreasing cost, so callers that only want paths up to a cost they
    /// learn as they go (the equal-cost set, the cheapest disjoint pair) stop there, not at a count.
    /// </remarks>
    /// <returns>False when the budget ran out before <paramref name="k"/> paths were found (the answer may be incomplete).</returns>
    public static bool Run(PathSearch search, long[] weights, int source, int target, int k, PathLimits limits, int budget, List<RawPath> output, Func<long, bool>? below = null)
    {
        CompactGraph g = search.Graph;
        SearchLabels spur = search.Labels(0);
        search.ClearBlocks();
        long firstCost = search.Run(spur, weights, source, target);
        if (firstCost == long.MaxValue)
        {
            return true;
        }

        SearchLabels? hopBound = null, latencyBound = null;
        if (limits.MaxHops != int.MaxValue)
        {
            hopBound = search.Labels(1);
            search.Run(hopBound, g.HopWeights, target, reverse: true);
        }

        if (limits.MaxLatencyUnits != long.MaxValue)
        {
            latencyBound = search.Labels(2);
            search.Run(latencyBound, g.LatencyWeights, target, reverse: true);
        }

        if (below is not null && !below(firstCost))
        {
            return true;
        }

        var found = new List<RawPath> { new(search.PathBuffer.AsSpan(0, search.WalkForward(spur, target)).ToArray(), firstCost) };
        var candidates = new PriorityQueue<RawPath, (long Cost, int Hops, long Sequence)>();
        var seen = new HashSet<int[]>(EdgeSequenceComparer.Instance) { found[0].Edges };
        long sequence = 0;
        Accept(found[0]);
        while (output.Count < k && found.Count < budget)
        {
            int[] previous = found[^1].Edges;
            long rootCost = 0, rootLatency = 0;
            int node = source;
            for (int j = 0; j < previous.Length; j++)
            {
                // Lower bounds are consistent, so once a root cannot meet a budget no longer root can.
                if ((hopBound is not null && Exceeds(j, hopBound.Distance(node), limits.MaxHops)) ||
                    (latencyBound is not null && Exceeds(rootLatency, latencyBound.Distance(node), limits.MaxLatencyUnits)))
                {
                    break;
                }

                search.ClearBlocks();
                int rootNode = source;
                for (int r = 0; r < j; r++)
                {
                    search.BlockNode(rootNode);
                    rootNode = g.EdgeTarget[previous[r]];
                }

                foreach (RawPath p in found)
                {
                    if (p.Edges.Length > j && p.Edges.AsSpan(0, j).SequenceEqual(previous.AsSpan(0, j)))
                    {
                        search.BlockEdge(p.Edges[j]);
                    }
                }

                long spurCost = search.Run(spur, weights, node, target);
                if (spurCost != long.MaxValue)
                {
                    int count = search.WalkForward(spur, target);
                    var edges = new int[j + count];
                    previous.AsSpan(0, j).CopyTo(edges);
                    search.PathBuffer.AsSpan(0, count).CopyTo(edges.AsSpan(j));
                    if (seen.Add(edges))
                    {
                        candidates.Enqueue(new RawPath(edges, rootCost + spurCost), (rootCost + spurCost, edges.Length, sequence++));
                    }
                }

                rootCost += weights[previous[j]];
                rootLatency += g.LatencyWeights[previous[j]];
                node = g.EdgeTarget[previous[j]];
            }

            if (candidates.Count == 0)
            {
                search.ClearBlocks();
                return true;
            }

            RawPath next = candidates.Dequeue();
            if (below is not null && !below(next.Cost))
            {
                search.ClearBlocks();
                return true;
            }

            found.Add(next);
            Accept(next);
        }

        search.ClearBlocks();
        return output.Count >= k || candidates.Count == 0;

        void Accept(RawPath path)
        {
            if (limits.IsEmpty || limits.Accepts(g, path.Edges, source))
            {
                output.Add(path);
            }
        }
    }

    private static bool Exceeds(long root, long remaining, long limit) =>
        remaining == long.MaxValue || root + remaining > limit;

    private sealed class EdgeSequenceComparer : IEqualityComparer<int[]>
    {
        public static EdgeSequenceComparer Instance { get; } = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = default(HashCode);
            foreach (int e in obj)
            {
                hash.Add(e);
            }

            return hash.ToHashCode();
        }
    }
}
