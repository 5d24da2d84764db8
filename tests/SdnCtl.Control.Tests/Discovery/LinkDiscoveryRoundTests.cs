using SdnCtl.Control.Core;
using SdnCtl.Control.Discovery;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Discovery;

public class LinkDiscoveryRoundTests
{
    [Fact]
    public void OnTick_ThenProbeMore_ProbesEveryUpPortOnceInSlicesOfWholeSwitches()
    {
        FakeNetwork net = FakeNetwork.FromDocument(TopologyGenerators.FatTree(4));
        var state = new NetworkState(declared: null);
        foreach (FakeSwitch s in net.Switches.Values)
        {
            state.AddSwitch(s);
        }

        var discovery = new LinkDiscovery(new ControllerOptions(), nonce: 7) { ProbesPerInput = 10 };
        var probed = new List<SwitchPort>();
        var outbox = new Outbox();
        discovery.OnTick(state, outbox);
        int slices = 1;
        int largest = Drain(outbox, probed);
        Assert.True(discovery.RoundPending);
        while (discovery.RoundPending)
        {
            discovery.ProbeMore(state, outbox);
            slices++;
            largest = Math.Max(largest, Drain(outbox, probed));
        }

        // Each slice stops at the first whole switch that reaches the budget (fat-tree k=4: 4 ports each).
        Assert.Equal(3 * 4, largest);
        var expected = net.Switches.Values.SelectMany(s => s.Ports.Select(p => new SwitchPort(s.DatapathId, p.PortNo))).Order().ToList();
        Assert.Equal(expected, probed.Order());
        Assert.Equal(80 / 12 + 1, slices);
    }

    [Fact]
    public void ProbeMore_AfterASwitchLeftMidRound_SkipsItAndFinishesTheOthers()
    {
        FakeNetwork net = FakeNetwork.FromDocument(TopologyGenerators.FatTree(4));
        var state = new NetworkState(declared: null);
        foreach (FakeSwitch s in net.Switches.Values)
        {
            state.AddSwitch(s);
        }

        var discovery = new LinkDiscovery(new ControllerOptions(), nonce: 7) { ProbesPerInput = 4 };
        var outbox = new Outbox();
        var probed = new List<SwitchPort>();
        discovery.OnTick(state, outbox);
        Drain(outbox, probed);
        ulong gone = state.Switches.Last().DatapathId;
        state.RemoveSwitch(state.FindSwitch(gone)!, "test");
        while (discovery.RoundPending)
        {
            discovery.ProbeMore(state, outbox);
            Drain(outbox, probed);
        }

        Assert.DoesNotContain(probed, p => p.DatapathId == gone);
        Assert.Equal(76, probed.Count);
        Assert.Equal(probed.Count, probed.Distinct().Count());
    }

    private static int Drain(Outbox outbox, List<SwitchPort> probed)
    {
        int count = 0;
        foreach (ulong dpid in outbox.Datapaths)
        {
            foreach (PacketOut probe in outbox.MessagesFor(dpid).OfType<PacketOut>())
            {
                probed.Add(new SwitchPort(dpid, Assert.Single(probe.Actions).Port));
                count++;
            }
        }

        outbox.Clear();
        return count;
    }
}
