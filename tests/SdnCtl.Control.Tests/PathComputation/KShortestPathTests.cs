using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class KShortestPathTests
{
    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void FindPaths_RandomGraphs_LooplessDistinctSortedAndEqualToBruteForceTopK(PathMetric metric)
    {
        var rng = new Random(2000 + (int)metric);
        var service = new PathComputationService();
        for (int i = 0; i < 300; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 8), rng.Next(1, 16));
            int n = snapshot.Switches.Length;
            ulong s = (ulong)rng.Next(1, n + 1), t = (ulong)rng.Next(1, n + 1);
            int k = rng.Next(1, 9);
            var expected = BruteForce.SimplePaths(snapshot, s, t).Select(p => BruteForce.Cost(p, metric)).Order().Take(k).ToList();

            PathQueryResult result = service.FindPaths(snapshot, s, t, metric, k);

            Assert.Equal(expected.Count, result.Paths.Count);
            for (int j = 0; j < expected.Count; j++)
            {
                BruteForce.AssertIsPath(result.Paths[j], s, t);
                BruteForce.AssertCost(expected[j], result.Paths[j].Cost);
                if (j > 0)
                {
                    Assert.True(result.Paths[j - 1].Cost <= result.Paths[j].Cost);
                }
            }

            Assert.Equal(result.Paths.Count, result.Paths.Select(p => p.Path).Distinct().Count());
            if (expected.Count == 0)
            {
                Assert.NotEqual(PathConstraint.None, result.Failed);
            }
        }
    }

    [Fact]
    public void FindPaths_FatTreeAcrossPods_FourEqualFourHopPathsThenLongerOnes()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.FatTree(4));
        var doc = TopologyGenerators.FatTree(4);
        ulong e11 = doc.FindSwitch("e1_1")!.DatapathId, e41 = doc.FindSwitch("e4_1")!.DatapathId;

        PathQueryResult result = new PathComputationService().FindPaths(snapshot, e11, e41, PathMetric.Hops, k: 6);

        Assert.Equal(6, result.Paths.Count);
        Assert.All(result.Paths.Take(4), p => Assert.Equal(4, p.HopCount));
        Assert.All(result.Paths.Skip(4), p => Assert.True(p.HopCount > 4));
    }

    [Fact]
    public void FindPaths_KBelowOne_Throws()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(2));

        Assert.Throws<ArgumentOutOfRangeException>(() => new PathComputationService().FindPaths(snapshot, 1, 2, PathMetric.Hops, 0));
    }

    [Fact]
    public void FindPaths_UnknownEndpoint_FailsNamingTheEndpoint()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(2));

        PathQueryResult result = new PathComputationService().FindPaths(snapshot, 1, 77, PathMetric.Hops);

        Assert.Equal(PathConstraint.Endpoint, result.Failed);
        Assert.Contains("000000000000004d", result.Detail, StringComparison.Ordinal);
    }

    internal static void AssertSameLinks(IEnumerable<LinkInfo> expected, IEnumerable<LinkInfo> actual) =>
        Assert.Equal(expected.Select(l => l.Source).Order(), actual.Select(l => l.Source).Order());
}
