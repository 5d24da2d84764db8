using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tests.Discovery;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests;

public class ControlPlaneTests
{
    [Fact]
    public async Task Topology_EveryChange_PublishesAHigherVersion()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3), connect: false);
        var versions = new List<long> { lab.Topology.Version };
        TopologySnapshot first = lab.Topology;

        foreach (FakeSwitch s in lab.Network.Switches.Values)
        {
            lab.Controller.SwitchConnected(s);
            await lab.SettleAsync();
            versions.Add(lab.Topology.Version);
        }

        // A switch's probes reach a neighbour connected before it; each link so learned has its
        // reverse probed at once, so every cable is known both ways without a discovery round.
        Assert.Equal(Discovery.LinkDiscoveryTests.ExpectedLinks(lab.Document), Discovery.LinkDiscoveryTests.Links(lab.Topology));
        await lab.SendAsync("h1", Frames.GratuitousArp(1, FakeNetwork.Ip("10.0.0.1")));
        versions.Add(lab.Topology.Version);
        lab.Network.Cut(lab.Port("s1", 2));
        await lab.SettleAsync();
        versions.Add(lab.Topology.Version);

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());

        // Snapshots are immutable: the first one still shows the empty network.
        Assert.Empty(first.Switches);
        Assert.Equal(0, first.Version);
    }

    [Fact]
    public async Task InvokeAsync_ManyConcurrentCallers_RunOneAtATimeOnTheLoop()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        int counter = 0; // deliberately not atomic: only the loop's serialisation keeps it right
        int inside = 0, overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                await lab.Controller.InvokeAsync(context =>
                {
                    if (Interlocked.Increment(ref inside) > 1)
                    {
                        overlaps++;
                    }

                    counter++;
                    Interlocked.Decrement(ref inside);
                    return counter;
                });
            }
        })));

        Assert.Equal(1600, counter);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task InvokeAsync_AfterEvents_SeesTheirEffectsWithoutWaiting()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));

        lab.Network.Cut(lab.Port("s1", 2));
        int links = await lab.Controller.InvokeAsync(context => context.Topology.Links.Length);

        Assert.Equal(2, links);
        Assert.Equal(2, lab.Topology.Links.Length);
    }

    [Fact]
    public async Task InvokeAsync_CommandSends_MessageFlushedToTheSwitch()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));
        FakeSwitch s1 = lab.Switch("s1");
        s1.ClearSent();
        var flow = new FlowMod { Priority = 5, Cookie = 0x1234, Match = [OxmEntry.EthType(0x0800)] };

        bool sent = await lab.Controller.InvokeAsync(context => context.Send(1, flow));
        bool unknown = await lab.Controller.InvokeAsync(context => context.Send(99, new FlowMod()));

        Assert.True(sent);
        Assert.False(unknown);
        Assert.Same(flow, Assert.Single(s1.Sent));
        Assert.Equal(1, s1.Flushes);
        Assert.Single(s1.Table.Flows, f => f.Cookie == 0x1234);
    }

    [Fact]
    public async Task InvokeAsync_CommandThrows_FaultsOnlyThatCommand()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));

        await Assert.ThrowsAsync<InvalidOperationException>(() => lab.Controller.InvokeAsync<int>(_ => throw new InvalidOperationException("boom")));
        int switches = await lab.Controller.InvokeAsync(context => context.Topology.Switches.Length);

        Assert.Equal(2, switches);
    }

    [Fact]
    public async Task Subscribe_NetworkComesUp_ReceivesSwitchLinkAndHostEventsInOrder()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2), connect: false);
        using NetworkEventSubscription subscription = lab.Controller.Subscribe();

        lab.Network.ConnectAll();
        await lab.RunDiscoveryRoundsAsync(1);
        await lab.SendAsync("h1", Frames.GratuitousArp(1, FakeNetwork.Ip("10.0.0.1")));

        List<NetworkEvent> events = LinkDiscoveryTests.Drain(subscription);
        Assert.Equal(2, events.OfType<SwitchUpEvent>().Count());
        Assert.Equal(2, events.OfType<LinkUpEvent>().Count());
        Assert.Equal(1UL, Assert.Single(events.OfType<HostLearnedEvent>()).Host.Mac);
        Assert.Equal(events.Select(e => e.Version).Order(), events.Select(e => e.Version));
        Assert.All(events, e => Assert.True(e.Version <= lab.Topology.Version));
        Assert.IsType<SwitchUpEvent>(events[0]);
        Assert.IsType<HostLearnedEvent>(events[^1]);
    }

    [Fact]
    public async Task WatchAsync_ControlPlaneStops_EnumerationEnds()
    {
        Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(1), connect: false);
        var seen = new List<NetworkEvent>();
        var started = new TaskCompletionSource();
        Task watching = Task.Run(async () =>
        {
            await using IAsyncEnumerator<NetworkEvent> e = lab.Controller.WatchAsync().GetAsyncEnumerator();
            ValueTask<bool> first = e.MoveNextAsync();
            started.SetResult();
            if (await first)
            {
                seen.Add(e.Current);
                while (await e.MoveNextAsync())
                {
                    seen.Add(e.Current);
                }
            }
        });
        // The iterator subscribes inside its first MoveNextAsync, before that call returns.
        await started.Task;

        lab.Network.ConnectAll();
        await lab.SettleAsync();
        await lab.DisposeAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsType<SwitchUpEvent>(Assert.Single(seen));
    }

    [Fact]
    public async Task StopAsync_Always_RejectsLaterCommandsAndCompletesQuiesce()
    {
        Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(1));
        await lab.DisposeAsync();

        await lab.Controller.QuiesceAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => lab.Controller.InvokeAsync(_ => 1));
    }

    [Fact]
    public async Task PacketIns_BeyondPendingLimit_AreDroppedAndCounted()
    {
        var options = new ControllerOptions { MaxPendingPacketIns = 5 };
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(1), options);
        using var gate = new ManualResetEventSlim();

        // Hold the loop inside a command so that PACKET_INs pile up behind it.
        Task blocked = lab.Controller.InvokeAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)));
        for (int i = 0; i < 8; i++)
        {
            lab.Controller.PacketInReceived(lab.Switch("s1"), new PacketIn
            {
                Match = [OxmEntry.InPort(1)],
                Data = Frames.Ipv4(1, 2, FakeNetwork.Ip("10.0.0.1"), FakeNetwork.Ip("10.0.0.2"), (ushort)i),
            });
        }

        gate.Set();
        await blocked;
        await lab.SettleAsync();

        ControllerStats stats = lab.Controller.Stats;
        Assert.Equal(3, stats.PacketInsDropped);
        Assert.Equal(8 + 0, stats.PacketIns);
        Assert.Equal(5, stats.Floods);
    }

    [Fact]
    public async Task ErrorForForwardingRule_Always_IsCountedAndForgetsTheRule()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        FlowMod refused = lab.Switch("s2").FlowMods.Single(m => m.Command == FlowModCommand.Add && m.Priority == 1000);

        lab.Controller.ErrorReceived(lab.Switch("s2"), new ErrorMessage { ErrorType = SdnCtl.OpenFlow.Errors.OfpErrorType.FlowModFailed }, refused);
        await lab.SettleAsync();

        Assert.Equal(1, lab.Controller.Stats.SwitchErrors);

        // s2's rule and s1's (which led into it) are forgotten and deleted; s3's still reaches h3.
        IReadOnlyDictionary<ulong, uint>? hops = await lab.Controller.InvokeOnLoopAsync(_ => lab.Controller.Forwarding.HopsToward(h3.Mac)?.ToDictionary());
        Assert.Equal(new Dictionary<ulong, uint> { [3] = 1 }, hops);
        Assert.Empty(lab.Switch("s1").Table.WithCookieApp(FlowCookies.Forwarding(h3.Mac), ulong.MaxValue));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryBadValue()
    {
        var options = new ControllerOptions
        {
            DiscoveryInterval = TimeSpan.FromSeconds(2),
            LinkTimeout = TimeSpan.FromSeconds(1),
            FlowIdleTimeout = TimeSpan.FromMilliseconds(1500),
            ForwardingPriority = 0,
        };

        var e = Assert.Throws<ArgumentException>(() => new ControlPlane(options));

        Assert.Contains("LinkTimeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("FlowIdleTimeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("ForwardingPriority", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, options.Validate().Count);
        Assert.Empty(new ControllerOptions().Validate());
    }
}
