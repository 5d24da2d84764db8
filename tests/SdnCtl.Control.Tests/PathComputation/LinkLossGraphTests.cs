using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class LinkLossGraphTests
{
    private const int Graphs = 300;

    [Fact]
    public void TreeToward_AfterSuccessiveCuts_EqualsTreeOfAFreshGraph()
    {
        var rng = new Random(91);
        for (int i = 0; i < Graphs; i++)
        {
            TopologySnapshot before = RandomNetworks.Create(rng, rng.Next(2, 12), rng.Next(1, 24));
            var graph = new CompactGraph(before);
            TopologySnapshot after = before;

            // Up to three cuts in a row over the same built graph, as successive port downs do.
            for (int cut = 0; cut < 3 && after.Links.Length > 0; cut++)
            {
                var gone = after.Links[rng.Next(after.Links.Length)].Source;
                after = RandomNetworks.Without(after, l => l.Source == gone);
                LinkLossGraph? view = LinkLossGraph.TryCreate(graph, after);
                Assert.NotNull(view);
                Assert.Equal(before.Links.Length - after.Links.Length, view.LostEdgeCount);
                AssertSameTrees(view, new CompactGraph(after));
            }
        }
    }

    [Fact]
    public void TryCreate_WhenASnapshotGainedOrReplacedALink_ReturnsNull()
    {
        var rng = new Random(92);
        for (int i = 0; i < Graphs; i++)
        {
            TopologySnapshot before = RandomNetworks.Create(rng, rng.Next(3, 10), rng.Next(2, 20));
            var graph = new CompactGraph(before);
            LinkInfo victim = before.Links[rng.Next(before.Links.Length)];
            var extra = new LinkInfo(new SwitchPort(1, 999), new SwitchPort(2, 999), DateTimeOffset.UnixEpoch, null, null);
            TopologySnapshot gained = new(before.Version + 1, before.Timestamp, before.Switches, [.. before.Links.Append(extra).OrderBy(l => l.Source)], []);
            TopologySnapshot replaced = new(before.Version + 1, before.Timestamp, before.Switches, [.. before.Links.Select(l => l == victim ? l with { LatencyMs = 7 } : l)], []);

            Assert.Null(LinkLossGraph.TryCreate(graph, gained));
            Assert.Null(LinkLossGraph.TryCreate(graph, replaced));
        }
    }

    [Fact]
    public void TryCreate_WhenTheSwitchesChanged_ReturnsNull()
    {
        TopologySnapshot before = RandomNetworks.Create(new Random(93), 6, 10);
        var graph = new CompactGraph(before);
        TopologySnapshot fewer = new(before.Version + 1, before.Timestamp, before.Switches.RemoveAt(5), [.. before.Links.Where(l => l.Source.DatapathId != 6 && l.Destination.DatapathId != 6)], []);

        Assert.Null(LinkLossGraph.TryCreate(graph, fewer));
    }

    [Fact]
    public void TreeGraphOf_AfterALinkLoss_GivesAViewWithoutBuildingAGraphAndAFullGraphAfterAGain()
    {
        var service = new PathComputationService();
        TopologySnapshot before = RandomNetworks.Create(new Random(94), 8, 20);
        CompactGraph built = service.GraphOf(before);
        LinkInfo cut = before.Links[0];
        TopologySnapshot after = RandomNetworks.Without(before, l => l == cut);

        INextHopGraph forTrees = service.TreeGraphOf(after);
        LinkLossGraph view = Assert.IsType<LinkLossGraph>(forTrees);
        Assert.Same(built, view.Graph);
        Assert.Same(forTrees, service.TreeGraphOf(after));

        // The link comes back: the snapshot is no subset of the built graph's links any more.
        TopologySnapshot restored = new(after.Version + 1, after.Timestamp, after.Switches, before.Links, []);
        Assert.IsType<CompactGraph>(service.TreeGraphOf(restored));
    }

    [Fact]
    public void TryCreate_OnAFatTree_AllocatesATinyFractionOfBuildingTheGraph()
    {
        TopologySnapshot before = RandomNetworks.FromDocument(TopologyGenerators.FatTree(8));
        var graph = new CompactGraph(before);
        LinkInfo cut = before.Links[before.Links.Length / 2];
        TopologySnapshot after = RandomNetworks.Without(before, l => l == cut || (l.Source == cut.Destination && l.Destination == cut.Source));

        // Both once first, so that nothing compiled on first use is counted.
        _ = LinkLossGraph.TryCreate(graph, after);
        _ = new CompactGraph(after, graph);

        long start = GC.GetAllocatedBytesForCurrentThread();
        LinkLossGraph? view = LinkLossGraph.TryCreate(graph, after);
        long viewBytes = GC.GetAllocatedBytesForCurrentThread() - start;
        start = GC.GetAllocatedBytesForCurrentThread();
        _ = new CompactGraph(after, graph);
        long graphBytes = GC.GetAllocatedBytesForCurrentThread() - start;

        Assert.NotNull(view);
        Assert.Equal(2, view.LostEdgeCount);
        Assert.True(viewBytes * 50 < graphBytes, $"view {viewBytes} bytes, graph {graphBytes} bytes");
    }

    private static void AssertSameTrees(LinkLossGraph view, CompactGraph fresh)
    {
        foreach (PathMetric metric in Enum.GetValues<PathMetric>())
        {
            for (int destination = 0; destination < fresh.NodeCount; destination++)
            {
                int[] expected = fresh.TreeToward(metric, destination);
                int[] actual = view.TreeToward(metric, destination);
                for (int u = 0; u < fresh.NodeCount; u++)
                {
                    LinkInfo? want = expected[u] < 0 ? null : fresh.Links[expected[u]];
                    LinkInfo? got = actual[u] < 0 ? null : view.Graph.Links[actual[u]];
                    Assert.Same(want, got);
                }
            }
        }
    }
}
