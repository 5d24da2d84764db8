using BenchmarkDotNet.Attributes;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Benchmarks.Paths;

/// <summary>
/// Path computation on k-ary fat-trees (k=16: 320 switches, 4,096 directed links; k=48: 2,880
/// switches, 110,592 directed links), between edge switches of the first and last pods.
/// </summary>
[MemoryDiagnoser]
public class PathBenchmarks
{
    private TopologySnapshot _snapshot = null!;
    private TopologySnapshot _failed = null!;
    private PathComputationService _service = null!;
    private CompactGraph _graph = null!;
    private ulong _source, _destination;
    private int _sourceNode, _destinationNode;
    private InstalledPathIndex _installed = null!;
    private SwitchPort[] _failedLinks = [];
    private ulong _flow;

    [Params(16, 32, 48)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TopologyDocument doc = TopologyGenerators.FatTree(K);
        _snapshot = Snapshot(doc);
        _service = new PathComputationService();
        _graph = _service.GraphOf(_snapshot);
        _source = doc.FindSwitch("e1_1")!.DatapathId;
        _destination = doc.FindSwitch($"e{K}_{K / 2}")!.DatapathId;
        _sourceNode = _graph.NodeOf(_source);
        _destinationNode = _graph.NodeOf(_destination);

        // 10,000 installed paths between random edge switches, spread over the ECMP set by flow hash
        // as the forwarding app would; then cut the core link (both directions) the most of them use.
        var edges = doc.Switches.Where(s => s.Name.StartsWith('e')).Select(s => s.DatapathId).ToArray();
        var rng = new Random(42);
        var installed = new InstalledPathIndex();
        while (installed.Count < 10_000)
        {
            ulong a = edges[rng.Next(edges.Length)], b = edges[rng.Next(edges.Length)];
            if (a != b)
            {
                installed.Add(a, b, _service.SelectEqualCostPath(_snapshot, a, b, PathMetric.Hops, (ulong)rng.NextInt64())!.Path.Links);
            }
        }

        SwitchPort busiest = installed.Busiest();
        LinkInfo link = _snapshot.FindLinkFrom(busiest)!;
        _failedLinks = [link.Source, link.Destination];
        _failed = new TopologySnapshot(_snapshot.Version + 1, _snapshot.Timestamp, _snapshot.Switches,
            [.. _snapshot.Links.Where(l => l.Source != link.Source && l.Source != link.Destination)], _snapshot.Hosts);
        _installed = installed;
    }

    /// <summary>Distances from one switch to all (Dijkstra to exhaustion); no allocation.</summary>
    [Benchmark]
    public long SingleSourceAll()
    {
        using PathSearch search = PathSearch.Rent(_graph);
        return search.Run(search.Labels(0), _graph.LatencyWeights, _sourceNode);
    }

    /// <summary>One pair through the public API; allocates only the result.</summary>
    [Benchmark(Baseline = true)]
    public ComputedPath? ShortestPathOnePair() => _service.ShortestPath(_snapshot, _source, _destination, PathMetric.Latency);

    /// <summary>One pair, edge ids into the pooled buffer: the query itself, no result objects.</summary>
    [Benchmark]
    public int ShortestPathOnePairNoResult()
    {
        using PathSearch search = PathSearch.Rent(_graph);
        search.Run(search.Labels(0), _graph.LatencyWeights, _sourceNode, _destinationNode);
        return search.WalkForward(search.Labels(0), _destinationNode);
    }

    [Benchmark]
    public PathQueryResult YenK4() => _service.FindPaths(_snapshot, _source, _destination, PathMetric.Hops, k: 4);

    /// <summary>The full equal-cost DAG (k²/4 paths across pods), 64 of them enumerated.</summary>
    [Benchmark]
    public EqualCostPathSet? EcmpSet() => _service.EqualCostPaths(_snapshot, _source, _destination, PathMetric.Hops, maxPaths: 64);

    /// <summary>One flow's ECMP choice by hash (DAG + unrank); allocates only the result.</summary>
    [Benchmark]
    public ComputedPath? EcmpSelectByHash() => _service.SelectEqualCostPath(_snapshot, _source, _destination, PathMetric.Hops, ++_flow);

    [Benchmark]
    public DisjointPathPair? DisjointPair() => _service.DisjointPair(_snapshot, _source, _destination, PathMetric.Hops).Pair;

    /// <summary>The graph of the snapshot after a core link failure, built from the one before (what a reroute pays first).</summary>
    [Benchmark]
    public int GraphAfterLinkFailure() => new CompactGraph(_failed, _graph).EdgeCount;

    /// <summary>V reverse Dijkstras over both cores; V² next-hop entries.</summary>
    [Benchmark]
    public int AllPairsNextHops() => NextHopTable.Build(_graph, PathMetric.Hops).Next(_sourceNode, _destinationNode);

    /// <summary>
    /// A core link fails: build the compact graph of the new snapshot (from the previous one, as the
    /// service's cache does), find the installed paths that used the link, recompute them. The index
    /// is left as it was so that every iteration does the same work.
    /// </summary>
    [Benchmark]
    public int Reroute10kAfterCoreLinkFailure()
    {
        var graph = new CompactGraph(_failed, _graph);
        IReadOnlyList<int> affected = _installed.Affected(_failedLinks);
        return _installed.Reroute(graph, affected, PathMetric.Hops, reindex: false) + affected.Count;
    }

    internal static TopologySnapshot Snapshot(TopologyDocument document)
    {
        var links = new List<LinkInfo>(document.Links.Count * 2);
        foreach (LinkSpec l in document.Links)
        {
            var a = new SwitchPort(document.FindSwitch(l.A.Switch)!.DatapathId, l.A.Port);
            var b = new SwitchPort(document.FindSwitch(l.B.Switch)!.DatapathId, l.B.Port);
            links.Add(new LinkInfo(a, b, DateTimeOffset.UnixEpoch, l.BandwidthMbps, l.LatencyMs));
            links.Add(new LinkInfo(b, a, DateTimeOffset.UnixEpoch, l.BandwidthMbps, l.LatencyMs));
        }

        var switches = document.Switches
            .Select(s => new SwitchInfo(s.DatapathId, s.Name, "bench", DateTimeOffset.UnixEpoch, "bench", "bench", 1, []))
            .OrderBy(s => s.DatapathId);
        return new TopologySnapshot(1, DateTimeOffset.UnixEpoch, [.. switches], [.. links.OrderBy(l => l.Source)], []);
    }
}
