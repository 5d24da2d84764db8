using SdnCtl.DataPlane.Network;

namespace SdnCtl.IntegrationTests.Network;

/// <summary>Controller and simulated network over real TCP: discovery, all-pairs reachability, reroute.</summary>
public sealed class DiscoveryAndForwardingTests
{
    // Pings that must be answered: the timeout only fails a lost echo. The first echo of a pair goes
    // through the controller (ARP, packet-in, path, flow-mods); 5 s was too short for that with the
    // other suites loading both cores, so a slow reply counted as a failure.
    private static readonly TimeSpan ReplyGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Linear3_IsDiscoveredExactly()
    {
        await using var net = await NetworkFixture.StartAsync("linear-3.yaml");

        var topology = net.ControlPlane.Topology;
        Assert.Equal(3, topology.Switches.Length);
        Assert.Equal(4, topology.Links.Length); // 2 cables, each discovered in both directions
        Assert.True(net.ControlPlane.CompareWithDeclared()!.IsEmpty);
    }

    [Fact]
    public async Task FatTreeK4_IsDiscoveredExactly_AndEveryPairOfHostsPings()
    {
        await using var net = await NetworkFixture.StartAsync("fat-tree-k4.yaml");

        var topology = net.ControlPlane.Topology;
        Assert.Equal(20, topology.Switches.Length);
        Assert.Equal(64, topology.Links.Length); // 32 cables × 2 directions
        Assert.True(net.ControlPlane.CompareWithDeclared()!.IsEmpty);

        var hosts = net.Document.Hosts.Select(h => h.Name).ToArray();
        Assert.Equal(16, hosts.Length);
        var failures = new List<string>();
        foreach (var src in hosts)
        {
            foreach (var dst in hosts.Where(d => d != src))
            {
                var result = await net.Network.PingAsync(src, dst, ReplyGuard);
                if (result.Status != PingStatus.Replied)
                {
                    failures.Add($"{src}->{dst}: {result.Status} {result.Detail}");
                }
            }
        }

        Assert.Empty(failures);
        await net.Until(() => net.ControlPlane.Topology.Hosts.Length == 16);
        Assert.Equal(16, net.ControlPlane.Topology.Hosts.Length);
    }

    [Fact]
    public async Task FatTreeK4_CuttingALinkThatCarriesTheFlow_PairStillPingsOverAnotherPath()
    {
        await using var net = await NetworkFixture.StartAsync("fat-tree-k4.yaml");

        var before = await net.Network.PingAsync("h1", "h16", ReplyGuard);
        Assert.Equal(PingStatus.Replied, before.Status);
        var second = await net.Network.PingAsync("h1", "h16", ReplyGuard);
        Assert.Equal(PingStatus.Replied, second.Status);

        // The second ping runs on installed rules: its first hop leaves h1's edge switch on an uplink.
        string firstHop = second.Path[0];
        Assert.StartsWith("e1_1:1->", firstHop, StringComparison.Ordinal);
        uint uplink = uint.Parse(firstHop[(firstHop.IndexOf("->", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture);
        var edge = net.Document.FindSwitch("e1_1")!;
        var cable = net.Document.Links.Single(l => (l.A.Switch == "e1_1" && l.A.Port == uplink) || (l.B.Switch == "e1_1" && l.B.Port == uplink));
        string aggregation = cable.A.Switch == edge.Name ? cable.B.Switch : cable.A.Switch;
        long reroutesBefore = net.ControlPlane.Stats.Reroutes;

        var cut = await net.Network.SetLinkStateAsync("e1_1", aggregation, up: false);
        Assert.True(cut.Found);
        await net.Until(() => net.ControlPlane.Topology.Links.Length == 62 && net.ControlPlane.Stats.Reroutes > reroutesBefore);

        // The reroute's flow-mods are queued; a barrier on every switch is OpenFlow's own way to
        // know they have been applied before traffic is sent.
        await Task.WhenAll(net.ControlPlane.Connections.Select(c => c.BarrierAsync()));

        var after = await net.Network.PingAsync("h1", "h16", ReplyGuard);
        Assert.True(after.Status == PingStatus.Replied, $"after cutting e1_1-{aggregation}: {after.Status} path={string.Join(" ", after.Path)} reply={string.Join(" ", after.ReplyPath)} before={string.Join(" ", second.Path)}");
        Assert.DoesNotContain(after.Path, hop => hop.StartsWith($"e1_1:1->{uplink}", StringComparison.Ordinal));
        Assert.DoesNotContain(after.Path, hop => hop.StartsWith(aggregation + ":", StringComparison.Ordinal));
    }
}
