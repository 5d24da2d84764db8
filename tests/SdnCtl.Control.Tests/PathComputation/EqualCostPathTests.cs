using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class EqualCostPathTests
{
    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void EqualCostPaths_RandomGraphs_ExactlyTheBruteForceMinimumCostSet(PathMetric metric)
    {
        var rng = new Random(3000 + (int)metric);
        var service = new PathComputationService();
        for (int i = 0; i < 300; i++)
        {
            // Few distinct weights so that ties are common.
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 8), rng.Next(1, 16), declareWeights: rng.Next(2) == 0);
            int n = snapshot.Switches.Length;
            ulong s = (ulong)rng.Next(1, n + 1), t = (ulong)rng.Next(1, n + 1);
            var all = BruteForce.SimplePaths(snapshot, s, t);

            EqualCostPathSet? set = service.EqualCostPaths(snapshot, s, t, metric, maxPaths: 1000);

            if (all.Count == 0)
            {
                Assert.Null(set);
                continue;
            }

            decimal min = all.Min(p => BruteForce.Cost(p, metric));
            var expected = all.Where(p => BruteForce.Cost(p, metric) == min).Select(Key).Order().ToList();
            Assert.NotNull(set);
            BruteForce.AssertCost(min, set.Cost);
            Assert.Equal(expected.Count, set.PathCount);
            Assert.Equal(expected, set.Paths.Select(p => Key(p.Path.Links)).Order().ToList());
            Assert.Equal(
                all.Where(p => BruteForce.Cost(p, metric) == min).SelectMany(p => p).Select(l => l.Source).Distinct().Order(),
                set.Links.Select(l => l.Source).Order());
            Assert.All(set.Paths, p => BruteForce.AssertIsPath(p, s, t));
        }
    }

    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void EqualCostPaths_RandomCombinedConstraints_ExactlyTheCheapestQualifyingPaths(PathMetric metric)
    {
        var rng = new Random(3100 + (int)metric);
        var service = new PathComputationService();
        int sets = 0, ties = 0, infeasible = 0;
        for (int i = 0; i < 400; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 8), rng.Next(1, 16), declareWeights: rng.Next(2) == 0);
            int n = snapshot.Switches.Length;
            ulong s = (ulong)rng.Next(1, n + 1), t = (ulong)rng.Next(1, n + 1);
            PathConstraints c = ConstrainedPathTests.RandomConstraints(rng, snapshot, s, t) with { MaxHops = rng.Next(1, 5) };
            var valid = BruteForce.SimplePaths(snapshot, s, t).Where(p => ConstrainedPathTests.Meets(p, s, c)).ToList();

            EqualCostPathSet? set = service.EqualCostPaths(snapshot, s, t, metric, maxPaths: 1000, c);

            if (valid.Count == 0)
            {
                infeasible++;
                Assert.Null(set);
                continue;
            }

            decimal min = valid.Min(p => BruteForce.Cost(p, metric));
            var cheapest = valid.Where(p => BruteForce.Cost(p, metric) == min).ToList();
            Assert.NotNull(set);
            sets++;
            ties += cheapest.Count > 1 ? 1 : 0;
            BruteForce.AssertCost(min, set.Cost);
            Assert.Equal(cheapest.Count, set.PathCount);
            Assert.Equal(cheapest.Select(Key).Order(), set.Paths.Select(p => Key(p.Path.Links)).Order());
            Assert.Equal(cheapest.SelectMany(p => p).Select(l => l.Source).Distinct().Order(), set.Links.Select(l => l.Source).Order());
            Assert.All(set.Paths, p => Assert.True(ConstrainedPathTests.Meets(p.Path.Links, s, c), $"{p.Path} breaks {c}"));
        }

        Assert.True(sets > 50 && ties > 10 && infeasible > 50, $"{sets} sets ({ties} with ties), {infeasible} infeasible: the generator is not exercising all");
    }

    [Fact]
    public void EqualCostPaths_FatTreeWithHopLimitAndWaypoint_OnlyThePathsThroughTheWaypoint()
    {
        TopologyDocument doc = TopologyGenerators.FatTree(4);
        var snapshot = RandomNetworks.FromDocument(doc);
        ulong from = doc.FindSwitch("e1_1")!.DatapathId, to = doc.FindSwitch("e4_1")!.DatapathId, via = doc.FindSwitch("c1")!.DatapathId;

        EqualCostPathSet set = new PathComputationService().EqualCostPaths(snapshot, from, to, PathMetric.Hops, 64, new PathConstraints(MaxHops: 4, Waypoints: [via]))!;

        // Of the four 4-hop ways between pods, one crosses c1.
        Assert.Equal(1, set.PathCount);
        Assert.Contains(set.Paths[0].Path.Links, l => l.Destination.DatapathId == via);
        Assert.Equal(4, set.Cost);
    }

    [Fact]
    public void SelectEqualCostPath_FatTree_SameHashSamePathAndHashesCoverTheSet()
    {
        var doc = TopologyGenerators.FatTree(4);
        var snapshot = RandomNetworks.FromDocument(doc);
        var service = new PathComputationService();
        ulong s = doc.FindSwitch("e1_1")!.DatapathId, t = doc.FindSwitch("e3_2")!.DatapathId;
        EqualCostPathSet set = service.EqualCostPaths(snapshot, s, t, PathMetric.Hops)!;

        var chosen = Enumerable.Range(0, 400).Select(h => service.SelectEqualCostPath(snapshot, s, t, PathMetric.Hops, (ulong)h)!.Path).ToList();

        Assert.Equal(4, set.PathCount);
        Assert.Equal(service.SelectEqualCostPath(snapshot, s, t, PathMetric.Hops, 17)!.Path, chosen[17]);
        Assert.All(chosen, p => Assert.Contains(p, set.Paths.Select(x => x.Path)));
        Assert.Equal(4, chosen.Distinct().Count());
        Assert.All(chosen.GroupBy(p => p), g => Assert.InRange(g.Count(), 60, 140));
    }

    [Fact]
    public void EqualCostPaths_CapBelowCount_IsTruncatedButCountsAll()
    {
        var doc = TopologyGenerators.FatTree(8);
        var snapshot = RandomNetworks.FromDocument(doc);

        EqualCostPathSet set = new PathComputationService().EqualCostPaths(snapshot, doc.FindSwitch("e1_1")!.DatapathId, doc.FindSwitch("e8_4")!.DatapathId, PathMetric.Hops, maxPaths: 5)!;

        Assert.Equal(16, set.PathCount);
        Assert.Equal(5, set.Paths.Length);
        Assert.True(set.Truncated);
    }

    private static string Key(IEnumerable<LinkInfo> links) => string.Join(",", links.Select(l => l.Source.ToString()));
}
