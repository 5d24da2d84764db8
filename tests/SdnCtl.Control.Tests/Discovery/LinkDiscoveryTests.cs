using SdnCtl.Control.Discovery;
using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Discovery;

public class LinkDiscoveryTests
{
    [Fact]
    public async Task SwitchConnected_Always_InstallsLldpAndTableMissRulesThenProbesEveryPort()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3), connect: false);
        FakeSwitch s2 = lab.Switch("s2");

        lab.Controller.SwitchConnected(s2);
        await lab.SettleAsync();

        IReadOnlyList<FlowMod> mods = s2.FlowMods;
        Assert.Equal(3, mods.Count);

        // Forwarding rules a previous session left are cleared by their application cookie.
        Assert.Equal(FlowModCommand.Delete, mods[0].Command);
        Assert.Equal(FlowCookies.ForwardingApplication, mods[0].Cookie);
        Assert.Equal(FlowCookies.ApplicationMask, mods[0].CookieMask);

        FlowMod tableMiss = mods.Single(m => m.Command == FlowModCommand.Add && m.Priority == 0);
        Assert.Empty(tableMiss.Match);
        Assert.Equal(FlowCookies.TableMiss, tableMiss.Cookie);
        Assert.Equal(OfpAction.ToController(), Assert.Single(Assert.Single(tableMiss.Instructions).Actions));

        FlowMod lldp = mods.Single(m => m.Command == FlowModCommand.Add && m.Priority == 65000);
        Assert.Equal([OxmEntry.EthType(0x88cc)], lldp.Match);
        OfpInstruction apply = Assert.Single(lldp.Instructions);
        Assert.Equal(OfpInstructionType.ApplyActions, apply.Type);
        Assert.Equal(OfpAction.ToController(), Assert.Single(apply.Actions));

        // One probe per port, each naming s2 and the port it leaves from.
        Assert.Equal([1u, 2u, 3u], s2.PacketOuts.Select(p => Assert.Single(p.Actions).Port).Order());
        foreach (PacketOut probe in s2.PacketOuts)
        {
            Assert.True(LldpFrame.TryParse(probe.Data.Span, out LldpProbe p));
            Assert.Equal(2UL, p.DatapathId);
            Assert.Equal(probe.Actions[0].Port, p.PortNo);
            Assert.Equal(OfpPortNo.Controller, probe.InPort);
        }

        Assert.Equal(1, s2.Flushes);
    }

    [Fact]
    public async Task Discovery_Linear3_LearnsExactlyTheFourDirectedLinks()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));

        Assert.Equal(ExpectedLinks(lab.Document), Links(lab.Topology));
        Assert.Equal(4, lab.Topology.Links.Length);
        Assert.Equal(0, lab.Network.LoopedFrames);
    }

    [Fact]
    public async Task Discovery_FatTreeK4_Learns64DirectedLinksMatchingTheDocument()
    {
        TopologyDocument fatTree = TopologyGenerators.FatTree(4);
        await using Lab lab = await Lab.StartAsync(fatTree, declare: true);

        Assert.Equal(20, lab.Topology.Switches.Length);
        Assert.Equal(64, lab.Topology.Links.Length);
        Assert.Equal(ExpectedLinks(fatTree), Links(lab.Topology));
        Assert.True(lab.Controller.CompareWithDeclared()!.IsEmpty);

        // Host-facing ports are edge ports, switch-facing ones are not.
        SwitchInfo edge = lab.Topology.FindSwitch(lab.Dpid("e1_1"))!;
        Assert.Equal([true, true, false, false], edge.Ports.Select(p => p.IsEdge));
    }

    [Fact]
    public async Task Discovery_QuietRound_RefreshesLinksWithoutNewVersion()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        long before = lab.Topology.Version;
        long probes = lab.Controller.Stats.LldpProbesSent;

        await lab.RunDiscoveryRoundsAsync(5);

        Assert.Equal(before, lab.Topology.Version);
        Assert.Equal(4, lab.Topology.Links.Length);
        Assert.Equal(probes + (5 * 7), lab.Controller.Stats.LldpProbesSent);
    }

    [Fact]
    public async Task LinkExpiry_ProbesStopCrossing_LinkDroppedOnlyAfterTimeout()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        using NetworkEventSubscription events = lab.Controller.Subscribe();

        // Pull the cable without the switches noticing: only the missing probes tell.
        lab.Network.Cut(lab.Port("s2", 3), reportPortStatus: false);
        await lab.RunDiscoveryRoundsAsync(3);
        Assert.Equal(4, lab.Topology.Links.Length);

        await lab.RunDiscoveryRoundsAsync(1);

        Assert.Equal(ExpectedLinks(lab.Document).Where(l => l.Item1.DatapathId != 3 && l.Item2.DatapathId != 3), Links(lab.Topology));
        var downs = Drain(events).OfType<LinkDownEvent>().ToList();
        Assert.Equal(2, downs.Count);
        Assert.All(downs, d => Assert.Equal(LinkDownReason.Expired, d.Reason));
    }

    [Fact]
    public async Task Probe_ArrivingOnAPortReportedDown_DoesNotRelearnTheLink()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));

        // s1 says its port 2 is down, but s2 keeps probing over the cable and the probe still
        // reaches s1:2 — as a packet-in that was in flight when the PORT_STATUS was handled does.
        lab.Network.ReportPort(lab.Port("s1", 2), up: false);
        await lab.SettleAsync();
        await lab.RunDiscoveryRoundsAsync(2);

        Assert.DoesNotContain(lab.Topology.Links, l => l.Source == lab.Port("s2", 2) || l.Destination == lab.Port("s1", 2));
        Assert.Contains(lab.Topology.Links, l => l.Source == lab.Port("s2", 3));
    }

    [Fact]
    public async Task PortDown_OnLinkedPort_RemovesBothDirectionsAtOnce()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        using NetworkEventSubscription events = lab.Controller.Subscribe();

        lab.Network.Cut(lab.Port("s1", 2));
        await lab.SettleAsync();

        Assert.Equal(2, lab.Topology.Links.Length);
        Assert.DoesNotContain(lab.Topology.Links, l => l.Source.DatapathId == 1 || l.Destination.DatapathId == 1);
        Assert.True(lab.Topology.IsEdgePort(lab.Port("s1", 2)));
        Assert.False(lab.Topology.FindSwitch(1)!.FindPort(2)!.IsUp);
        var seen = Drain(events);
        Assert.Equal(2, seen.OfType<LinkDownEvent>().Count(e => e.Reason == LinkDownReason.PortDown));
        Assert.Equal(2, seen.OfType<PortDownEvent>().Count());
    }

    /// <remarks>
    /// With <paramref name="firstEndHandledAlone"/> the controller handles s1's PORT_STATUS, and the
    /// probe it sends out of s1:2, before it hears that s2:2 is up: the probe reaches a port it
    /// still thinks down and is dropped. The link must be relearned both ways anyway, and without a
    /// discovery round (the clock does not move). Without it the two reports race the probes, as
    /// they do on a real network.
    /// </remarks>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PortUp_AfterCableRestored_RelearnsLinkWithoutWaitingForNextRound(bool firstEndHandledAlone)
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        lab.Network.Cut(lab.Port("s1", 2));
        await lab.SettleAsync();
        Assert.Equal(ExpectedLinks(lab.Document).Count - 2, Links(lab.Topology).Count);

        lab.Network.Wire(lab.Port("s1", 2), lab.Port("s2", 2));
        lab.Network.ReportPort(lab.Port("s1", 2), up: true);
        if (firstEndHandledAlone)
        {
            await lab.SettleAsync();
            Assert.Equal(ExpectedLinks(lab.Document).Count - 2, Links(lab.Topology).Count);
        }

        lab.Network.ReportPort(lab.Port("s2", 2), up: true);
        await lab.SettleAsync();

        Assert.Equal(ExpectedLinks(lab.Document), Links(lab.Topology));
    }

    [Fact]
    public async Task SwitchDisconnected_Always_DropsItsLinksAndHosts()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();

        lab.Network.Disconnect(3);
        await lab.SettleAsync();

        Assert.Null(lab.Topology.FindSwitch(3));
        Assert.Null(lab.Controller.GetSwitch(3));
        Assert.Equal(2, lab.Topology.Links.Length);
        Assert.Equal([1UL, 2UL], lab.Topology.Hosts.Select(h => h.Mac));
    }

    [Fact]
    public async Task Probe_FromUnknownSwitch_IsIgnored()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(1));
        FakeSwitch s1 = lab.Switch("s1");

        lab.Controller.PacketInReceived(s1, new PacketIn
        {
            Match = [OxmEntry.InPort(1)],
            Data = LldpFrame.Build(99, 1, 0x0200_0000_9901, 3, lab.Controller.DiscoveryNonce),
        });
        await lab.SettleAsync();

        Assert.Empty(lab.Topology.Links);
    }

    [Fact]
    public async Task Probe_FromAnotherController_IsIgnored()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));
        lab.Network.Cut(lab.Port("s1", 2));
        await lab.SettleAsync();

        // Another controller (or a host forging one) claims s1:2 is cabled to s2:2.
        lab.Controller.PacketInReceived(lab.Switch("s2"), new PacketIn
        {
            Match = [OxmEntry.InPort(2)],
            Data = LldpFrame.Build(1, 2, 0x0200_0000_0102, 3, ~lab.Controller.DiscoveryNonce),
        });
        await lab.SettleAsync();

        Assert.Empty(lab.Topology.Links);
    }

    internal static SortedSet<(SwitchPort, SwitchPort)> ExpectedLinks(TopologyDocument document)
    {
        var set = new SortedSet<(SwitchPort, SwitchPort)>();
        foreach (LinkSpec l in document.Links)
        {
            var a = new SwitchPort(document.FindSwitch(l.A.Switch)!.DatapathId, l.A.Port);
            var b = new SwitchPort(document.FindSwitch(l.B.Switch)!.DatapathId, l.B.Port);
            set.Add((a, b));
            set.Add((b, a));
        }

        return set;
    }

    internal static SortedSet<(SwitchPort, SwitchPort)> Links(TopologySnapshot topology) =>
        new(topology.Links.Select(l => (l.Source, l.Destination)));

    internal static List<NetworkEvent> Drain(NetworkEventSubscription subscription)
    {
        var list = new List<NetworkEvent>();
        while (subscription.Reader.TryRead(out NetworkEvent? e))
        {
            list.Add(e);
        }

        return list;
    }
}
