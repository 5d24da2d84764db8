using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class ShortestPathTests
{
    private const int Graphs = 300;

    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void ShortestPath_RandomGraphs_CostEqualsBruteForceMinimum(PathMetric metric)
    {
        var rng = new Random(1000 + (int)metric);
        var service = new PathComputationService();
        for (int i = 0; i < Graphs; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 8), rng.Next(1, 14));
            ulong s = (ulong)rng.Next(1, snapshot.Switches.Length + 1), t = (ulong)rng.Next(1, snapshot.Switches.Length + 1);
            var all = BruteForce.SimplePaths(snapshot, s, t);

            ComputedPath? path = service.ShortestPath(snapshot, s, t, metric);

            if (all.Count == 0)
            {
                Assert.Null(path);
                continue;
            }

            Assert.NotNull(path);
            BruteForce.AssertIsPath(path, s, t);
            BruteForce.AssertCost(all.Min(p => BruteForce.Cost(p, metric)), path.Cost);
            BruteForce.AssertCost(BruteForce.Cost(path.Path.Links, metric), path.Cost);
        }
    }

    [Fact]
    public void ShortestPath_UnknownSwitch_IsNull()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));

        Assert.Null(new PathComputationService().ShortestPath(snapshot, 1, 42));
    }

    [Fact]
    public void ShortestPath_SameSwitch_IsEmptyWithZeroCost()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));

        ComputedPath path = new PathComputationService().ShortestPath(snapshot, 2, 2)!;

        Assert.Empty(path.Path.Links);
        Assert.Equal(0, path.Cost);
    }

    [Fact]
    public void ShortestPath_LatencyMetric_PrefersTheFastDetour()
    {
        // s1-s2 directly is slow (5 ms); s1-s3-s2 is 0.2 ms.
        TopologyDocument doc = Fakes.TestTopologies.Build("detour", 3, 4, [("s1", 1, "s2", 1), ("s1", 2, "s3", 1), ("s3", 2, "s2", 2)], []);
        doc = doc with { Links = [doc.Links[0] with { LatencyMs = 5 }, doc.Links[1], doc.Links[2]] };
        var snapshot = RandomNetworks.FromDocument(doc);
        var service = new PathComputationService();

        Assert.Equal(1, service.ShortestPath(snapshot, 1, 2, PathMetric.Hops)!.HopCount);
        ComputedPath fast = service.ShortestPath(snapshot, 1, 2, PathMetric.Latency)!;
        Assert.Equal([1UL, 3UL, 2UL], fast.Path.Switches);
        Assert.Equal(0.2, fast.LatencyMs, 9);
    }

    [Fact]
    public void Adapter_FatTree_GivesHopCountOptimalPathsLikeTheDefaultService()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.FatTree(4));
        IPathService adapter = new PathServiceAdapter(new PathComputationService());

        foreach (SwitchInfo a in snapshot.Switches)
        {
            foreach (SwitchInfo b in snapshot.Switches)
            {
                NetworkPath? expected = HopCountPathService.Instance.ShortestPath(snapshot, a.DatapathId, b.DatapathId);
                NetworkPath? actual = adapter.ShortestPath(snapshot, a.DatapathId, b.DatapathId);
                Assert.Equal(expected?.HopCount, actual?.HopCount);
            }
        }
    }

    [Fact]
    public void GraphOf_NewSnapshotSameLinks_SharesTheCompactGraphAndRebuildsAfterAFailure()
    {
        var service = new PathComputationService();
        var first = RandomNetworks.FromDocument(TopologyGenerators.FatTree(4));
        var hostsChanged = RandomNetworks.WithHost(first, 99, "h99", new SwitchPort(first.Switches[^1].DatapathId, 1));
        var linkCut = RandomNetworks.Without(first, l => l == first.Links[0]);

        Assert.Same(service.GraphOf(first), service.GraphOf(hostsChanged));
        Assert.NotSame(service.GraphOf(first), service.GraphOf(linkCut));
        Assert.Equal(first.Links.Length - 1, service.GraphOf(linkCut).EdgeCount);
    }

    [Fact]
    public void ShortestPath_ConcurrentCallers_AllGetTheSameAnswer()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.FatTree(8));
        var service = new PathComputationService();
        ulong s = snapshot.Switches[^1].DatapathId, t = snapshot.Switches[^20].DatapathId;
        NetworkPath expected = service.ShortestPath(snapshot, s, t, PathMetric.Latency)!.Path;

        var results = new NetworkPath?[64];
        Parallel.For(0, results.Length, i => results[i] = service.ShortestPath(snapshot, s, t, PathMetric.Latency)?.Path);

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
