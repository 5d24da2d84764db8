using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Installed paths indexed by the directed links they use, so that a link failure finds the paths
/// to recompute without scanning them all. Links are keyed by source port, which stays valid
/// across snapshots (edge ids do not).
/// </summary>
/// <remarks>
/// The control plane already reroutes its own flows; this is the path-computation side of the same
/// job for services that hold many paths (reservations, benchmarks). Not thread-safe: one writer.
/// </remarks>
internal sealed class InstalledPathIndex
{
    private readonly List<(ulong Source, ulong Destination, SwitchPort[] Links)> _paths = [];
    private readonly Dictionary<SwitchPort, List<int>> _byLink = [];

    public int Count => _paths.Count;

    public int Add(ulong source, ulong destination, IReadOnlyList<LinkInfo> links)
    {
        int id = _paths.Count;
        var ports = new SwitchPort[links.Count];
        for (int i = 0; i < ports.Length; i++)
        {
            ports[i] = links[i].Source;
            if (!_byLink.TryGetValue(ports[i], out List<int>? users))
            {
                _byLink[ports[i]] = users = [];
            }

            users.Add(id);
        }

        _paths.Add((source, destination, ports));
        return id;
    }

    /// <summary>The ids of the paths that use any of the links leaving <paramref name="failedSources"/>.</summary>
    public IReadOnlyList<int> Affected(IEnumerable<SwitchPort> failedSources)
    {
        var ids = new SortedSet<int>();
        foreach (SwitchPort port in failedSources)
        {
            if (_byLink.TryGetValue(port, out List<int>? users))
            {
                ids.UnionWith(users);
            }
        }

        return [.. ids];
    }

    /// <summary>Recomputes the given paths on <paramref name="graph"/> and, when <paramref name="reindex"/>, records them.</summary>
    /// <returns>How many got a new path (the rest are now unreachable and keep no links).</returns>
    public int Reroute(CompactGraph graph, IReadOnlyList<int> ids, PathMetric metric, bool reindex = true)
    {
        long[] weights = graph.Weights(metric);
        int rerouted = 0;
        using PathSearch search = PathSearch.Rent(graph);
        SearchLabels labels = search.Labels(0);
        foreach (int id in ids)
        {
            (ulong source, ulong destination, SwitchPort[] old) = _paths[id];
            if (reindex)
            {
                foreach (SwitchPort port in old)
                {
                    _byLink[port].Remove(id);
                }
            }

            int s = graph.NodeOf(source), t = graph.NodeOf(destination);
            SwitchPort[] ports = [];
            if (s >= 0 && t >= 0 && search.Run(labels, weights, s, t) != long.MaxValue)
            {
                int count = search.WalkForward(labels, t);
                ports = new SwitchPort[count];
                for (int i = 0; i < count; i++)
                {
                    ports[i] = graph.Links[search.PathBuffer[i]].Source;
                    if (!reindex)
                    {
                        continue;
                    }

                    if (!_byLink.TryGetValue(ports[i], out List<int>? users))
                    {
                        _byLink[ports[i]] = users = [];
                    }

                    users.Add(id);
                }

                rerouted++;
            }

            if (reindex)
            {
                _paths[id] = (source, destination, ports);
            }
        }

        return rerouted;
    }

    public IReadOnlyList<SwitchPort> LinksOf(int id) => _paths[id].Links;

    /// <summary>The link leaving the port that the most installed paths use.</summary>
    public SwitchPort Busiest() => _byLink.MaxBy(p => p.Value.Count).Key;
}
