using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;

namespace SdnCtl.Control.Tests.PathComputation;

public class CompactGraphTests
{
    private const int Graphs = 300;

    [Fact]
    public void Constructor_WithPreviousAfterLinkRemoval_SharesNodeIndexAndEqualsFreshBuild()
    {
        var rng = new Random(77);
        for (int i = 0; i < Graphs; i++)
        {
            TopologySnapshot before = RandomNetworks.Create(rng, rng.Next(2, 9), rng.Next(1, 16));
            var previous = new CompactGraph(before);
            var cut = before.Links.Where(_ => rng.NextDouble() < 0.3).Select(l => l.Source).ToHashSet();
            TopologySnapshot after = RandomNetworks.Without(before, l => cut.Contains(l.Source));

            var derived = new CompactGraph(after, previous);
            var fresh = new CompactGraph(after);

            Assert.Same(previous.Dpids, derived.Dpids);
            Assert.Equal(fresh.OutStart, derived.OutStart);
            Assert.Equal(fresh.InStart, derived.InStart);
            Assert.Equal(fresh.InEdges, derived.InEdges);
            Assert.Equal(fresh.EdgeSource, derived.EdgeSource);
            Assert.Equal(fresh.EdgeTarget, derived.EdgeTarget);
            Assert.Equal(fresh.LatencyWeights, derived.LatencyWeights);
            foreach (LinkInfo link in before.Links)
            {
                int e = derived.EdgeFrom(link.Source);
                Assert.Equal(fresh.EdgeFrom(link.Source), e);
                if (cut.Contains(link.Source))
                {
                    Assert.Equal(-1, e);
                }
                else
                {
                    Assert.Same(link, derived.Links[e]);
                }
            }
        }
    }

    [Fact]
    public void Constructor_WithPreviousOfOtherSwitches_BuildsItsOwnNodeIndex()
    {
        var rng = new Random(78);
        TopologySnapshot small = RandomNetworks.Create(rng, 3, 4);
        TopologySnapshot large = RandomNetworks.Create(rng, 5, 8);

        var graph = new CompactGraph(large, new CompactGraph(small));

        Assert.Equal(5, graph.NodeCount);
        Assert.Equal(large.Switches.Select(s => s.DatapathId), graph.Dpids);
    }

    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void TreeToward_RandomGraphs_EveryWalkIsAShortestPath(PathMetric metric)
    {
        var rng = new Random(2000 + (int)metric);
        for (int i = 0; i < Graphs; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 8), rng.Next(1, 14));
            var graph = new CompactGraph(snapshot);
            int root = rng.Next(graph.NodeCount);
            ulong t = graph.Dpids[root];

            int[] next = graph.TreeToward(metric, root);

            Assert.Same(next, graph.TreeToward(metric, root));
            Assert.Equal(-1, next[root]);
            for (int node = 0; node < graph.NodeCount; node++)
            {
                if (node == root)
                {
                    continue;
                }

                var all = BruteForce.SimplePaths(snapshot, graph.Dpids[node], t);
                if (all.Count == 0)
                {
                    Assert.Equal(-1, next[node]);
                    continue;
                }

                var walk = new List<LinkInfo>();
                for (int v = node; v != root; v = graph.EdgeTarget[next[v]])
                {
                    Assert.True(next[v] >= 0, $"the walk from {graph.Dpids[node]} stops at {graph.Dpids[v]}");
                    Assert.True(walk.Count < graph.NodeCount, "the walk loops");
                    walk.Add(graph.Links[next[v]]);
                }

                Assert.Equal(all.Min(p => BruteForce.Cost(p, metric)), BruteForce.Cost(walk, metric));
            }
        }
    }
}
