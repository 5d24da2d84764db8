using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class DisjointPairTests
{
    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void DisjointPair_RandomGraphs_ShareNoLinkAndHaveTheBruteForceMinimumTotal(PathMetric metric)
    {
        var rng = new Random(4000 + (int)metric);
        var service = new PathComputationService();
        int pairsFound = 0;
        for (int i = 0; i < 300; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 7), rng.Next(2, 14));
            int n = snapshot.Switches.Length;
            ulong s = (ulong)rng.Next(1, n + 1), t = (ulong)rng.Next(1, n);
            if (t >= s)
            {
                t++;
            }

            var all = BruteForce.SimplePaths(snapshot, s, t);
            decimal? best = null;
            for (int a = 0; a < all.Count; a++)
            {
                for (int b = a + 1; b < all.Count; b++)
                {
                    if (!all[a].Select(l => l.Source).Intersect(all[b].Select(l => l.Source)).Any())
                    {
                        decimal total = BruteForce.Cost(all[a], metric) + BruteForce.Cost(all[b], metric);
                        best = best is null ? total : Math.Min(best.Value, total);
                    }
                }
            }

            var (pair, failed, _) = service.DisjointPair(snapshot, s, t, metric);

            if (best is null)
            {
                Assert.Null(pair);
                Assert.NotEqual(PathConstraint.None, failed);
                continue;
            }

            pairsFound++;
            Assert.NotNull(pair);
            BruteForce.AssertIsPath(pair.Primary, s, t);
            BruteForce.AssertIsPath(pair.Backup, s, t);
            Assert.Empty(pair.Primary.Path.Links.Select(l => l.Source).Intersect(pair.Backup.Path.Links.Select(l => l.Source)));
            Assert.True(pair.Primary.Cost <= pair.Backup.Cost);
            BruteForce.AssertCost(best.Value, pair.TotalCost);
        }

        Assert.True(pairsFound > 30, $"only {pairsFound} graphs had a disjoint pair");
    }

    [Fact]
    public void DisjointPair_Chain_FailsNamingDisjoint()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));

        var (pair, failed, detail) = new PathComputationService().DisjointPair(snapshot, 1, 3, PathMetric.Hops);

        Assert.Null(pair);
        Assert.Equal(PathConstraint.Disjoint, failed);
        Assert.NotNull(detail);
    }

    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void DisjointPair_RandomCombinedConstraints_BothMeetThemAndHaveTheBruteForceMinimumTotal(PathMetric metric)
    {
        var rng = new Random(4100 + (int)metric);
        var service = new PathComputationService();
        int pairsFound = 0, infeasible = 0;
        for (int i = 0; i < 400; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 7), rng.Next(2, 16));
            int n = snapshot.Switches.Length;
            ulong s = (ulong)rng.Next(1, n + 1), t = (ulong)rng.Next(1, n);
            if (t >= s)
            {
                t++;
            }

            PathConstraints c = ConstrainedPathTests.RandomConstraints(rng, snapshot, s, t);
            var valid = BruteForce.SimplePaths(snapshot, s, t).Where(p => ConstrainedPathTests.Meets(p, s, c)).ToList();
            decimal? best = null;
            for (int a = 0; a < valid.Count; a++)
            {
                for (int b = a + 1; b < valid.Count; b++)
                {
                    if (!valid[a].Select(l => l.Source).Intersect(valid[b].Select(l => l.Source)).Any())
                    {
                        decimal total = BruteForce.Cost(valid[a], metric) + BruteForce.Cost(valid[b], metric);
                        best = best is null ? total : Math.Min(best.Value, total);
                    }
                }
            }

            var (pair, failed, detail) = service.DisjointPair(snapshot, s, t, metric, c);

            if (best is null)
            {
                infeasible++;
                Assert.Null(pair);
                Assert.NotEqual(PathConstraint.None, failed);
                Assert.NotEqual(PathConstraint.SearchLimit, failed);
                Assert.False(string.IsNullOrEmpty(detail));
                continue;
            }

            pairsFound++;
            Assert.NotNull(pair);
            BruteForce.AssertIsPath(pair.Primary, s, t);
            BruteForce.AssertIsPath(pair.Backup, s, t);
            Assert.True(ConstrainedPathTests.Meets(pair.Primary.Path.Links, s, c), $"{pair.Primary.Path} breaks {c}");
            Assert.True(ConstrainedPathTests.Meets(pair.Backup.Path.Links, s, c), $"{pair.Backup.Path} breaks {c}");
            Assert.Empty(pair.Primary.Path.Links.Select(l => l.Source).Intersect(pair.Backup.Path.Links.Select(l => l.Source)));
            Assert.True(pair.Primary.Cost <= pair.Backup.Cost);
            BruteForce.AssertCost(best.Value, pair.TotalCost);
        }

        Assert.True(pairsFound > 30 && infeasible > 30, $"{pairsFound} pairs, {infeasible} infeasible: the generator is not exercising both");
    }

    [Fact]
    public void DisjointPair_HopLimitTooTightForTheDetour_FailsNamingDisjoint()
    {
        // A square: the direct way round is 2 hops each side, so 2 hops allow a pair and 1 does not.
        var snapshot = RandomNetworks.FromDocument(Fakes.TestTopologies.Square());
        var service = new PathComputationService();

        var (pair, _, _) = service.DisjointPair(snapshot, 1, 3, PathMetric.Hops, new PathConstraints(MaxHops: 2));
        var (none, failed, _) = service.DisjointPair(snapshot, 1, 2, PathMetric.Hops, new PathConstraints(MaxHops: 2));

        Assert.NotNull(pair);
        Assert.Equal(4, pair.TotalCost);
        Assert.Null(none);
        Assert.Equal(PathConstraint.Disjoint, failed);
    }
}
