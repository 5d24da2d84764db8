using BenchmarkDotNet.Attributes;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Benchmarks.Paths;

/// <summary>
/// The path part of a reroute as `bench/reroute.sh` causes it on a k=16 fat-tree: the core link
/// c1–a16_1 goes down (both directions) and the shortest-path trees toward the destinations' edge
/// switches (one per pod, two in pod 16) are recomputed. Baseline: build the new snapshot's graph
/// from the previous one, as every reroute did; against it the link-loss view over the previous
/// graph, which the reroute uses now.
/// </summary>
[MemoryDiagnoser]
public class RerouteTreeBenchmarks
{
    private TopologySnapshot _failed = null!;
    private CompactGraph _graph = null!;
    private int[] _destinations = [];

    [GlobalSetup]
    public void Setup()
    {
        const int K = 16;
        TopologyDocument doc = TopologyGenerators.FatTree(K);
        TopologySnapshot snapshot = PathBenchmarks.Snapshot(doc);
        _graph = new PathComputationService().GraphOf(snapshot);
        ulong core = doc.FindSwitch("c1")!.DatapathId, aggregation = doc.FindSwitch($"a{K}_1")!.DatapathId;
        _failed = new TopologySnapshot(snapshot.Version + 1, snapshot.Timestamp, snapshot.Switches,
            [.. snapshot.Links.Where(l => !(l.Source.DatapathId == core && l.Destination.DatapathId == aggregation) &&
                                          !(l.Source.DatapathId == aggregation && l.Destination.DatapathId == core))], snapshot.Hosts);
        _destinations = [.. Enumerable.Range(1, K).Select(pod => _graph.NodeOf(doc.FindSwitch($"e{pod}_1")!.DatapathId)).Append(_graph.NodeOf(doc.FindSwitch($"e{K}_2")!.DatapathId))];
        if (LinkLossGraph.TryCreate(_graph, _failed) is not { LostEdgeCount: 2 })
        {
            throw new InvalidOperationException("the cut must be seen as two lost edges");
        }
    }

    [Benchmark(Baseline = true)]
    public int BuildGraphThenTrees()
    {
        var graph = new CompactGraph(_failed, _graph);
        int sum = 0;
        foreach (int d in _destinations)
        {
            sum += graph.TreeToward(PathMetric.Hops, d)[0];
        }

        return sum;
    }

    [Benchmark]
    public int LinkLossViewTrees()
    {
        LinkLossGraph view = LinkLossGraph.TryCreate(_graph, _failed)!;
        int sum = 0;
        foreach (int d in _destinations)
        {
            sum += view.TreeToward(PathMetric.Hops, d)[0];
        }

        return sum;
    }
}
