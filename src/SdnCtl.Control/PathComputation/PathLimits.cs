namespace SdnCtl.Control.PathComputation;

/// <summary>
/// The constraints that are checked on whole paths rather than by removing links: hop and latency
/// budgets (monotone along a path, so Yen can prune roots that already exceed them) and waypoints.
/// </summary>
internal readonly record struct PathLimits(int MaxHops, long MaxLatencyUnits, int[] Waypoints)
{
    public static PathLimits None { get; } = new(int.MaxValue, long.MaxValue, []);

    public bool HasBudgets => MaxHops != int.MaxValue || MaxLatencyUnits != long.MaxValue;

    public bool IsEmpty => !HasBudgets && Waypoints.Length == 0;

    public bool Accepts(CompactGraph graph, ReadOnlySpan<int> edges, int source)
    {
        if (edges.Length > MaxHops)
        {
            return false;
        }

        long latency = 0;
        int next = 0;
        if (Waypoints.Length > 0 && Waypoints[0] == source)
        {
            next = 1;
        }

        foreach (int e in edges)
        {
            latency += graph.LatencyWeights[e];
            if (next < Waypoints.Length && graph.EdgeTarget[e] == Waypoints[next])
            {
                next++;
            }
        }

        return latency <= MaxLatencyUnits && next == Waypoints.Length;
    }
}
