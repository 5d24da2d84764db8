using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class ConstrainedPathTests
{
    [Theory]
    [InlineData(PathMetric.Hops)]
    [InlineData(PathMetric.Latency)]
    [InlineData(PathMetric.Bandwidth)]
    public void FindPaths_RandomConstraints_RespectedAndOptimalWheneverBruteForceFindsOne(PathMetric metric)
    {
        var rng = new Random(5000 + (int)metric);
        var service = new PathComputationService();
        int found = 0, infeasible = 0;
        for (int i = 0; i < 400; i++)
        {
            TopologySnapshot snapshot = RandomNetworks.Create(rng, rng.Next(2, 8), rng.Next(1, 16));
            int n = snapshot.Switches.Length;
            ulong s = (ulong)rng.Next(1, n + 1), t = (ulong)rng.Next(1, n + 1);
            PathConstraints c = RandomConstraints(rng, snapshot, s, t);
            int k = rng.Next(1, 4);
            var valid = BruteForce.SimplePaths(snapshot, s, t).Where(p => Meets(p, s, c)).ToList();
            var expected = valid.Select(p => BruteForce.Cost(p, metric)).Order().Take(k).ToList();

            PathQueryResult result = service.FindPaths(snapshot, s, t, metric, k, c);

            Assert.Equal(expected.Count, result.Paths.Count);
            for (int j = 0; j < expected.Count; j++)
            {
                BruteForce.AssertIsPath(result.Paths[j], s, t);
                Assert.True(Meets(result.Paths[j].Path.Links, s, c), $"{result.Paths[j].Path} breaks {c}");
                BruteForce.AssertCost(expected[j], result.Paths[j].Cost);
            }

            if (expected.Count == 0)
            {
                infeasible++;
                Assert.NotEqual(PathConstraint.None, result.Failed);
                Assert.NotEqual(PathConstraint.SearchLimit, result.Failed);
            }
            else
            {
                found++;
            }
        }

        Assert.True(found > 50 && infeasible > 50, $"{found} feasible, {infeasible} infeasible: the generator is not exercising both");
    }

    [Fact]
    public void FindPaths_EachConstraintAloneInfeasible_NamesThatConstraint()
    {
        var doc = TopologyGenerators.Linear(4);
        var snapshot = RandomNetworks.FromDocument(doc);
        var service = new PathComputationService();

        Assert.Equal(PathConstraint.Avoid, service.FindPaths(snapshot, 1, 4, PathMetric.Hops, 1, new PathConstraints(AvoidSwitches: [2])).Failed);
        Assert.Equal(PathConstraint.Avoid, service.FindPaths(snapshot, 1, 4, PathMetric.Hops, 1, new PathConstraints(AvoidSwitches: [4])).Failed);
        Assert.Equal(PathConstraint.MinBandwidth, service.FindPaths(snapshot, 1, 4, PathMetric.Hops, 1, new PathConstraints(MinFreeBandwidthMbps: 1001)).Failed);
        Assert.Equal(PathConstraint.MaxHops, service.FindPaths(snapshot, 1, 4, PathMetric.Hops, 1, new PathConstraints(MaxHops: 2)).Failed);
        Assert.Equal(PathConstraint.MaxLatency, service.FindPaths(snapshot, 1, 4, PathMetric.Hops, 1, new PathConstraints(MaxLatencyMs: 0.25)).Failed);
        Assert.Equal(PathConstraint.Waypoints, service.FindPaths(snapshot, 1, 3, PathMetric.Hops, 1, new PathConstraints(Waypoints: [4])).Failed);
        Assert.Equal(PathConstraint.Waypoints, service.FindPaths(snapshot, 1, 3, PathMetric.Hops, 1, new PathConstraints(Waypoints: [99])).Failed);
        Assert.Equal(PathConstraint.Reachability, service.FindPaths(RandomNetworks.Without(snapshot, l => l.Source.DatapathId == 3 || l.Destination.DatapathId == 3), 1, 4, PathMetric.Hops).Failed);
        Assert.True(service.FindPaths(snapshot, 1, 4, PathMetric.Hops, 1, new PathConstraints(MaxHops: 3, MaxLatencyMs: 0.3, Waypoints: [2, 3])).Found);
    }

    [Fact]
    public void FindPaths_WaypointsOnFatTree_VisitsThemInOrder()
    {
        var doc = TopologyGenerators.FatTree(4);
        var snapshot = RandomNetworks.FromDocument(doc);
        ulong Id(string name) => doc.FindSwitch(name)!.DatapathId;

        PathQueryResult result = new PathComputationService().FindPaths(
            snapshot, Id("e1_1"), Id("e4_1"), PathMetric.Hops, 1, new PathConstraints(Waypoints: [Id("c4"), Id("a4_2")]));

        var switches = result.Paths.Single().Path.Switches.ToList();
        Assert.True(switches.IndexOf(Id("c4")) is > 0 and var c && switches.IndexOf(Id("a4_2")) > c);
        Assert.Equal(4, result.Paths[0].HopCount);
    }

    [Fact]
    public void FindPaths_AvoidLink_TakesAnotherWay()
    {
        var snapshot = RandomNetworks.FromDocument(Fakes.TestTopologies.Square());
        var service = new PathComputationService();
        LinkInfo direct = service.ShortestPath(snapshot, 1, 2)!.Path.Links.Single();

        PathQueryResult result = service.FindPaths(snapshot, 1, 2, PathMetric.Hops, 1, new PathConstraints(AvoidLinks: [direct.Source]));

        Assert.Equal([1UL, 4UL, 3UL, 2UL], result.Paths.Single().Path.Switches);
    }

    internal static bool Meets(IReadOnlyCollection<LinkInfo> path, ulong source, PathConstraints c)
    {
        if (c.MaxHops is { } h && path.Count > h)
        {
            return false;
        }

        if (c.MaxLatencyMs is { } l && BruteForce.Latency(path) > (decimal)l)
        {
            return false;
        }

        if (c.MinFreeBandwidthMbps is { } b && path.Any(x => (x.BandwidthMbps ?? 1000) < b))
        {
            return false;
        }

        var switches = new List<ulong> { source };
        switches.AddRange(path.Select(x => x.Destination.DatapathId));
        if (!c.AvoidSwitches.IsDefault && switches.Intersect(c.AvoidSwitches).Any())
        {
            return false;
        }

        if (!c.AvoidLinks.IsDefault && path.Any(x => c.AvoidLinks.Contains(x.Source)))
        {
            return false;
        }

        int at = 0;
        foreach (ulong w in c.Waypoints.IsDefault ? [] : c.Waypoints)
        {
            at = switches.IndexOf(w, at);
            if (at < 0)
            {
                return false;
            }
        }

        return true;
    }

    internal static PathConstraints RandomConstraints(Random rng, TopologySnapshot snapshot, ulong s, ulong t)
    {
        int n = snapshot.Switches.Length;
        var others = Enumerable.Range(1, n).Select(i => (ulong)i).Where(d => d != s && d != t).ToList();
        return new PathConstraints(
            MinFreeBandwidthMbps: rng.Next(4) == 0 ? new[] { 100.0, 1000, 5000 }[rng.Next(3)] : null,
            MaxLatencyMs: rng.Next(3) == 0 ? new[] { 0.35, 0.75, 1.55, 3.05 }[rng.Next(4)] : null,
            MaxHops: rng.Next(3) == 0 ? rng.Next(1, 5) : null,
            AvoidSwitches: rng.Next(4) == 0 && others.Count > 0 ? [others[rng.Next(others.Count)]] : default,
            AvoidLinks: rng.Next(4) == 0 && snapshot.Links.Length > 0 ? [snapshot.Links[rng.Next(snapshot.Links.Length)].Source] : default,
            Waypoints: rng.Next(3) == 0 && others.Count > 0 ? [.. others.OrderBy(_ => rng.Next()).Take(rng.Next(1, Math.Min(3, others.Count) + 1))] : default);
    }
}
