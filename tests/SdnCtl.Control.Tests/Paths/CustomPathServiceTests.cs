using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.Control.Tests.Forwarding;

namespace SdnCtl.Control.Tests.Paths;

public class CustomPathServiceTests
{
    [Fact]
    public async Task ReplacementPathService_InstallAndReroute_UsesItsPaths()
    {
        var paths = new AvoidingPathService(avoid: 2);
        var lab = Lab.Create(TestTopologies.Square(), pathService: paths);
        await using (lab)
        {
            await lab.StartAndDiscoverAsync();
            await lab.AnnounceAllHostsAsync();
            FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
            lab.ClearSent();

            // The hop-count default would go through s2; this service never does.
            await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 1));

            UnicastTests.AssertForwardingRule(lab.Switch("s1"), h3.Mac, outPort: 3);
            UnicastTests.AssertForwardingRule(lab.Switch("s4"), h3.Mac, outPort: 3);
            Assert.Empty(lab.Switch("s2").FlowMods);
            Assert.True(paths.Calls > 0);
            Assert.Same(paths, lab.Controller.Paths);

            // Losing s4–s3 leaves no path the service accepts: the rules toward h3 go.
            lab.Network.Cut(lab.Port("s3", 2));
            await lab.SettleAsync();
            Assert.All(lab.Network.Switches.Values, s => Assert.Empty(s.Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue)));
        }
    }

    /// <summary>Hop-count paths that never cross one switch: a stand-in for a constrained service.</summary>
    private sealed class AvoidingPathService(ulong avoid) : IPathService
    {
        public int Calls { get; private set; }

        public NetworkPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid)
        {
            Calls++;
            var pruned = new TopologySnapshot(
                topology.Version,
                topology.Timestamp,
                [.. topology.Switches.Where(s => s.DatapathId != avoid)],
                [.. topology.Links.Where(l => l.Source.DatapathId != avoid && l.Destination.DatapathId != avoid)],
                topology.Hosts);
            return HopCountPathService.Instance.ShortestPath(pruned, sourceDpid, destinationDpid);
        }
    }
}
