using System.Collections.Concurrent;
using System.Collections.Immutable;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// The graph of a snapshot that has the switches of an already built <see cref="CompactGraph"/> and
/// a subset of its links (what a link or port going down leaves): the built graph with the lost
/// links filtered out of every search, instead of new adjacency and weight arrays.
/// </summary>
/// <remarks>
/// <para>
/// Building a k=16 fat-tree's graph (320 switches, 4,096 links) allocates about 300 KB and walks
/// every link twice; a reroute used to do it inside the measured window, between the PORT_STATUS
/// and its flow-mods, for one or two links fewer. This view costs one pass of reference compares
/// over the links and a list of the missing edges, and its trees are the built graph's searches
/// with those edges filtered.
/// </para>
/// <para>
/// The trees are the same a graph built from the snapshot would give: that graph numbers the
/// surviving edges in the same relative order (by source switch, then the snapshot's order), so
/// Dijkstra relaxes the same edges in the same order and breaks ties the same way. Edge ids here
/// are the base graph's; <see cref="INextHopGraph"/> callers only follow them through this view.
/// </para>
/// </remarks>
internal sealed class LinkLossGraph : INextHopGraph
{
    private readonly int[] _lostEdges;
    private readonly ConcurrentDictionary<(PathMetric Metric, int Destination), int[]> _trees = new();

    private LinkLossGraph(CompactGraph graph, int[] lostEdges)
    {
        Graph = graph;
        _lostEdges = lostEdges;
    }

    /// <summary>The built graph whose node and edge ids this view uses.</summary>
    public CompactGraph Graph { get; }

    /// <summary>How many of the base graph's edges are gone.</summary>
    public int LostEdgeCount => _lostEdges.Length;

    /// <summary>
    /// The view of <paramref name="snapshot"/> over <paramref name="graph"/>, when the snapshot has
    /// exactly the graph's switches and its links are the graph's link records minus some.
    /// </summary>
    /// <returns>The view, or null when the snapshot gained a link, changed one or changed switches.</returns>
    public static LinkLossGraph? TryCreate(CompactGraph graph, TopologySnapshot snapshot)
    {
        if (!graph.HasSwitchesOf(snapshot))
        {
            return null;
        }

        // Both lists are in source-port order and link records are reused until they change, so a
        // merge by identity finds what is missing; anything in the snapshot not in the graph ends it.
        ImmutableArray<LinkInfo> links = graph.SnapshotLinks;
        ImmutableArray<LinkInfo> current = snapshot.Links;
        int lost = links.Length - current.Length;
        if (lost < 0)
        {
            return null;
        }

        int[] lostEdges = lost == 0 ? [] : new int[lost];
        int found = 0, c = 0;
        for (int l = 0; l < links.Length; l++)
        {
            if (c < current.Length && ReferenceEquals(links[l], current[c]))
            {
                c++;
                continue;
            }

            if (found == lost)
            {
                return null;
            }

            // A link between the graph's switches that is not an edge (a self-loop) has no id to filter.
            int edge = graph.EdgeFrom(links[l].Source);
            lostEdges[found++] = edge;
        }

        if (c != current.Length || found != lost)
        {
            return null;
        }

        return new LinkLossGraph(graph, lostEdges);
    }

    public int NodeOf(ulong dpid) => Graph.NodeOf(dpid);

    public ulong DpidOf(int node) => Graph.DpidOf(node);

    public uint LeavingPort(int link) => Graph.LeavingPort(link);

    public int LinkDestinationNode(int link) => Graph.LinkDestinationNode(link);

    /// <summary>As <see cref="CompactGraph.TreeToward"/> on the graph without the lost links. Cached; callers must not write to it.</summary>
    public int[] TreeToward(PathMetric metric, int destination)
    {
        if (_trees.TryGetValue((metric, destination), out int[]? cached))
        {
            return cached;
        }

        var next = new int[Graph.NodeCount];
        using (PathSearch search = PathSearch.Rent(Graph))
        {
            foreach (int edge in _lostEdges)
            {
                if (edge >= 0)
                {
                    search.FilterEdge(edge);
                }
            }

            SearchLabels labels = search.Labels(0);
            search.Run(labels, Graph.Weights(metric), destination, reverse: true);
            for (int u = 0; u < next.Length; u++)
            {
                next[u] = labels.Previous(u);
            }
        }

        _trees.TryAdd((metric, destination), next);
        return next;
    }
}
