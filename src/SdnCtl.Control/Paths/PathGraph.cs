using System.Collections.Concurrent;
using System.Collections.Immutable;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Paths;

/// <summary>
/// A snapshot's links as adjacency arrays (CSR form, grouped by destination switch) with a cache
/// of shortest-path trees toward recently asked destinations. One reverse BFS from a destination
/// answers every source, so rerouting many ingress switches toward one host costs one BFS.
/// Snapshots that differ only in hosts or port details share one graph (and its cached trees).
/// </summary>
internal sealed class PathGraph : INextHopGraph
{
    // Bounds the cache so that a caller asking for every destination of a large fabric cannot
    // hold a tree per switch for the snapshot's lifetime (V ints each).
    private const int MaxCachedTrees = 1024;

    private readonly ImmutableArray<LinkInfo> _links;
    private readonly ulong[] _dpids;                 // node index -> dpid, ascending
    private readonly int[] _inStart;                 // node -> first entry in _inLinks (CSR)
    private readonly int[] _inLinks;                 // link indices grouped by destination node
    private readonly int[] _linkSource;              // link index -> source node
    private readonly int[] _linkDestination;         // link index -> destination node
    private readonly ConcurrentDictionary<int, int[]> _trees = new();

    public PathGraph(ImmutableArray<SwitchInfo> switches, ImmutableArray<LinkInfo> links)
    {
        _links = links;
        _dpids = new ulong[switches.Length];
        for (int i = 0; i < switches.Length; i++)
        {
            _dpids[i] = switches[i].DatapathId;
        }

        _linkSource = new int[links.Length];
        var linkDestination = _linkDestination = new int[links.Length];
        var inCount = new int[_dpids.Length + 1];
        for (int l = 0; l < links.Length; l++)
        {
            _linkSource[l] = NodeOf(links[l].Source.DatapathId);
            linkDestination[l] = NodeOf(links[l].Destination.DatapathId);
            if (_linkSource[l] >= 0 && linkDestination[l] >= 0)
            {
                inCount[linkDestination[l] + 1]++;
            }
        }

        _inStart = new int[_dpids.Length + 1];
        for (int n = 0; n < _dpids.Length; n++)
        {
            _inStart[n + 1] = _inStart[n] + inCount[n + 1];
        }

        // Links are sorted by source port, so each node's incoming list stays sorted by source:
        // the BFS below therefore breaks ties the same way every time.
        _inLinks = new int[_inStart[_dpids.Length]];
        var fill = (int[])_inStart.Clone();
        for (int l = 0; l < links.Length; l++)
        {
            if (_linkSource[l] >= 0 && linkDestination[l] >= 0)
            {
                _inLinks[fill[linkDestination[l]]++] = l;
            }
        }
    }

    public int NodeOf(ulong dpid)
    {
        int i = Array.BinarySearch(_dpids, dpid);
        return i >= 0 ? i : -1;
    }

    public ulong DpidOf(int node) => _dpids[node];

    public LinkInfo Link(int link) => _links[link];

    public uint LeavingPort(int link) => _links[link].Source.PortNo;

    public int LinkDestinationNode(int link) => _linkDestination[link];

    /// <summary>Hop-count shortest path, or null when unknown or unreachable.</summary>
    public NetworkPath? ShortestPath(ulong sourceDpid, ulong destinationDpid)
    {
        int source = NodeOf(sourceDpid);
        int destination = NodeOf(destinationDpid);
        if (source < 0 || destination < 0)
        {
            return null;
        }

        if (source == destination)
        {
            return new NetworkPath(sourceDpid, destinationDpid, []);
        }

        int[] next = TreeToward(destination);
        if (next[source] < 0)
        {
            return null;
        }

        var builder = ImmutableArray.CreateBuilder<LinkInfo>();
        int node = source;
        while (node != destination)
        {
            LinkInfo link = _links[next[node]];
            builder.Add(link);
            node = NodeOf(link.Destination.DatapathId);
        }

        return new NetworkPath(sourceDpid, destinationDpid, builder.ToImmutable());
    }

    /// <summary>
    /// For every node, the index of the link it leaves by toward <paramref name="destination"/>
    /// (-1: none, or the destination itself). Shared and cached: callers must not write to it.
    /// </summary>
    public int[] TreeToward(int destination)
    {
        if (_trees.TryGetValue(destination, out int[]? cached))
        {
            return cached;
        }

        var next = new int[_dpids.Length];
        Array.Fill(next, -1);
        var queue = new int[_dpids.Length];
        var seen = new bool[_dpids.Length];
        int head = 0, tail = 0;
        queue[tail++] = destination;
        seen[destination] = true;
        while (head < tail)
        {
            int v = queue[head++];
            for (int e = _inStart[v]; e < _inStart[v + 1]; e++)
            {
                int link = _inLinks[e];
                int u = _linkSource[link];
                if (!seen[u])
                {
                    seen[u] = true;
                    next[u] = link;
                    queue[tail++] = u;
                }
            }
        }

        if (_trees.Count >= MaxCachedTrees)
        {
            _trees.Clear();
        }

        _trees.TryAdd(destination, next);
        return next;
    }
}
