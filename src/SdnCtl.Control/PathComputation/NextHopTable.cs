namespace SdnCtl.Control.PathComputation;

/// <summary>
/// All-pairs next hops: for every destination one reverse Dijkstra gives, for every source, the
/// link to leave by. V searches spread over the cores; V² ints (33 MB at 2,880 switches).
/// </summary>
internal sealed class NextHopTable
{
    private readonly int[] _next;
    private readonly int _nodes;

    private NextHopTable(CompactGraph graph, int[] next)
    {
        Graph = graph;
        _next = next;
        _nodes = graph.NodeCount;
    }

    public CompactGraph Graph { get; }

    /// <summary>The edge id to leave <paramref name="source"/> by toward <paramref name="destination"/>, or -1.</summary>
    public int Next(int source, int destination) => _next[(destination * _nodes) + source];

    public static NextHopTable Build(CompactGraph graph, PathMetric metric)
    {
        int n = graph.NodeCount;
        long[] weights = graph.Weights(metric);
        var next = new int[n * n];
        Parallel.For(0, n, destination =>
        {
            using PathSearch search = PathSearch.Rent(graph);
            SearchLabels labels = search.Labels(0);
            search.Run(labels, weights, destination, reverse: true);
            Span<int> row = next.AsSpan(destination * n, n);
            for (int source = 0; source < n; source++)
            {
                row[source] = labels.Previous(source);
            }
        });
        return new NextHopTable(graph, next);
    }
}
