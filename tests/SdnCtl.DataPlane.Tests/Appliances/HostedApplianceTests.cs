using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Tests.Network;
using SdnCtl.Nfv;
using SdnCtl.Nfv.Nat;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Appliances;

/// <summary>
/// Appliances hosted in the simulator, declared in YAML: their interfaces are cabled to switch
/// ports, frames run through them, and pings, connections and traces cross them. The switch is
/// wired by hand as two patch cables through the appliance (1↔2 and 3↔4), so every frame the test
/// sees crossing has gone through the appliance.
/// </summary>
public sealed class HostedApplianceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    // Only the cases expected to fail wait this long.
    private static readonly TimeSpan NoAnswer = TimeSpan.FromMilliseconds(500);

    private const string Routed = """
        name: routed
        switches:
          - { name: s1, dpid: 1, ports: 4 }
        hosts:
          - { name: h1, mac: "00:00:00:00:00:01", ip: 10.0.1.10/24, at: s1:1, gateway: 10.0.1.1 }
          - { name: h2, mac: "00:00:00:00:00:02", ip: 10.0.2.10/24, at: s1:4, gateway: 10.0.2.1, listen: [22] }
        appliances:
          - name: r1
            kind: router
            interfaces:
              - { name: lan, mac: "02:00:00:00:01:01", ip: 10.0.1.1/24, at: s1:2 }
              - { name: wan, mac: "02:00:00:00:01:02", ip: 10.0.2.1/24, at: s1:3 }
        """;

    private const string Natted = """
        name: natted
        switches:
          - { name: s1, dpid: 1, ports: 4 }
        hosts:
          - { name: vm, mac: "00:00:00:00:00:01", ip: 10.0.2.15/24, at: s1:1, gateway: 10.0.2.2, listen: [22, 80] }
          - { name: pc, mac: "00:00:00:00:00:02", ip: 192.168.1.10/24, at: s1:4 }
        appliances:
          - name: nat
            kind: nat
            interfaces:
              - { name: inside, mac: "02:00:00:00:02:01", ip: 10.0.2.2/24, at: s1:2 }
              - { name: outside, mac: "02:00:00:00:02:02", ip: 192.168.1.101/24, at: s1:3 }
            options:
              forwards:
                - { protocol: tcp, externalPort: 2222, insideAddress: 10.0.2.15, insidePort: 22 }
        """;

    [Fact]
    public async Task Ping_ThroughAHostedRouter_Replies_AndTheApplianceCountsTheFrames()
    {
        await using var net = await StartAsync(Routed);

        var result = await net.PingAsync("h1", "h2", Guard);

        Assert.Equal(PingStatus.Replied, result.Status);
        var router = Assert.Single(net.Appliances);
        Assert.Equal(("r1", "router"), (router.Name, router.Kind));
        Assert.Equal(["s1:2", "s1:3"], router.Attachments);
        var counters = router.GetCounters().ToDictionary(c => c.Name, c => c.Value);
        Assert.True(counters["frames-in:lan"] >= 2, "ARP request and echo request in on lan");
        Assert.True(counters["frames-out:wan"] >= 2, "ARP request and echo request out on wan");
        Assert.True(counters["frames-in:wan"] >= 2 && counters["frames-out:lan"] >= 2, "replies back");
        Assert.True(counters["frames-in"] >= 4);
    }

    [Fact]
    public async Task Connect_ThroughARouter_ListeningPortConnects_OtherPortRefused_UdpEchoed_AndThePathShowsTheAppliance()
    {
        await using var net = await StartAsync(Routed);

        var open = await net.ConnectAsync("h1", "h2", tcp: true, 22, Guard);
        var closed = await net.ConnectAsync("h1", "10.0.2.10", tcp: true, 80, Guard);
        var udp = await net.ConnectAsync("h1", "h2", tcp: false, 53, Guard);

        Assert.Equal(ConnectStatus.Connected, open.Status);
        Assert.Equal(["s1:1->2", "r1:lan->wan", "s1:3->4"], open.Path);
        Assert.Equal(["s1:4->3", "r1:wan->lan", "s1:2->1"], open.ReplyPath);
        Assert.Equal(ConnectStatus.Refused, closed.Status);
        Assert.Equal(ConnectStatus.Connected, udp.Status);
    }

    [Fact]
    public async Task Connect_UnknownSource_HasNoStatus()
    {
        await using var net = await StartAsync(Routed);

        var result = await net.ConnectAsync("nobody", "h2", tcp: true, 22, Guard);

        Assert.Null(result.Status);
        Assert.Contains("nobody", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ThroughANatPortForward_ReachesTheInsideHost_ButAnUnforwardedPortDoesNot()
    {
        await using var net = await StartAsync(Natted);

        var forwarded = await net.ConnectAsync("pc", "192.168.1.101", tcp: true, 2222, Guard);
        var unforwarded = await net.ConnectAsync("pc", "192.168.1.101", tcp: true, 80, NoAnswer);
        var masqueraded = await net.PingAsync("vm", "pc", Guard);

        Assert.Equal(ConnectStatus.Connected, forwarded.Status);
        Assert.Equal(["s1:4->3", "nat:outside->inside", "s1:2->1"], forwarded.Path);
        Assert.Equal(["s1:1->2", "nat:inside->outside", "s1:3->4"], forwarded.ReplyPath);
        Assert.NotEqual(ConnectStatus.Connected, unforwarded.Status);
        Assert.Equal(PingStatus.Replied, masqueraded.Status);
        var translations = net.FindAppliance("nat")!.Use(a => ((NatAppliance)a).GetTranslations());
        Assert.Contains(translations, t => t.IsForward && t.ExternalPort == 2222 && t.InsideAddress == "10.0.2.15");
        Assert.Contains(translations, t => !t.IsForward && t.Protocol == "icmp" && t.InsideAddress == "10.0.2.15");
    }

    [Fact]
    public async Task Trace_ThroughARouter_ShowsTheApplianceHopBetweenTheSwitchHops()
    {
        await using var net = await StartAsync(Routed);
        // Resolve both sides' ARP first, so the router forwards instead of queueing.
        Assert.Equal(PingStatus.Replied, (await net.PingAsync("h1", "h2", Guard)).Status);
        var router = net.FindAppliance("r1")!;
        var frame = FrameBuilder.IcmpEcho(new L2Header(1, router.Interfaces[0].Mac), 0x0a00_010a, 0x0a00_020a, reply: false, 7, 1);

        var trace = await net.TraceAsync("h1", 0, frame).WaitAsync(Guard);

        Assert.Equal(["s1", "r1", "s1"], trace.Hops.Select(h => h.Switch));
        var hop = trace.Hops[1];
        Assert.NotNull(hop.Appliance);
        Assert.Equal(("router", "lan", FrameDisposition.Forwarded), (hop.Appliance!.Kind, hop.Appliance.InInterface, hop.Appliance.Verdict));
        Assert.Equal(["wan"], hop.Appliance.OutInterfaces);
        Assert.Equal(NetworkTraceOutputKind.Appliance, Assert.Single(trace.Hops[0].Outputs).Kind);
        Assert.Equal(["h2"], trace.ReachedHosts);
        // The router decremented the TTL of what it sent on.
        Assert.Equal(63, hop.Outputs[0].Frame.Span[22]); // sent with TTL 64
        Assert.Contains("appliance r1 (router) in=lan verdict=Forwarded", trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_OfAFrameTheApplianceDrops_EndsAtTheApplianceWithItsVerdict()
    {
        await using var net = await StartAsync(Routed);
        var router = net.FindAppliance("r1")!;
        // Addressed to the router's MAC but to no network it has a route for.
        var frame = FrameBuilder.Udp(new L2Header(1, router.Interfaces[0].Mac), 0x0a00_010a, 0x0808_0808, 1000, 53);

        var trace = await net.TraceAsync("h1", 0, frame).WaitAsync(Guard);

        var hop = trace.Hops.Single(h => h.Appliance is not null);
        Assert.NotEqual(FrameDisposition.Forwarded, hop.Appliance!.Verdict);
        Assert.DoesNotContain(trace.Hops.SelectMany(h => h.Outputs), o => o.Kind == NetworkTraceOutputKind.Host && o.Destination == "host h2");
    }

    [Fact]
    public async Task AddAndRemoveAppliance_AtRunTime_CablesAndUncablesItsPorts()
    {
        await using var net = await StartAsync(Routed);
        var kind = ApplianceRegistry.CreateDefault().GetKind("firewall");
        var taken = kind.Create(ApplianceOptionsBinder.Bind(kind, """{"name":"fw","defaultAction":"allow","interfaces":[{"name":"a","mac":"02:00:00:00:09:01","attachment":"s1:2"}]}"""), TimeProvider.System);
        var unknown = kind.Create(ApplianceOptionsBinder.Bind(kind, """{"name":"fw","interfaces":[{"name":"a","mac":"02:00:00:00:09:01","attachment":"s9:1"}]}"""), TimeProvider.System);

        Assert.Contains("already cabled", await net.AddApplianceAsync(taken), StringComparison.Ordinal);
        Assert.Contains("interfaces[0].attachment", await net.AddApplianceAsync(unknown), StringComparison.Ordinal);
        Assert.Null(net.FindAppliance("fw"));
        Assert.True(await net.RemoveApplianceAsync("r1"));
        Assert.Null(await net.AddApplianceAsync(taken));

        Assert.Equal(["fw"], net.Appliances.Select(a => a.Name));
        Assert.Equal(["s1:2"], net.FindAppliance("fw")!.Attachments);
        Assert.False(await net.RemoveApplianceAsync("r1"));
    }

    /// <summary>Builds the network from YAML and patches s1 as two cables through the appliance: 1↔2 and 3↔4.</summary>
    private static async Task<SimulatedNetwork> StartAsync(string yaml)
    {
        var net = new SimulatedNetwork(TopologyLoader.Parse(yaml, "test.yaml"));
        var hand = new HandController(net);
        foreach (var (a, b) in new[] { (1u, 2u), (2u, 1u), (3u, 4u), (4u, 3u) })
        {
            hand.AddFlow("s1", 10, [OxmEntry.InPort(a)], OfpAction.Output(b));
        }

        await hand.SyncAsync();
        return net;
    }
}
