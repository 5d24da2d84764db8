using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Forwarding;

public class UnicastTests
{
    [Fact]
    public async Task FirstIpv4Packet_ToKnownHost_InstallsExactlyTheShortestPathRules()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        lab.ClearSent();

        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));

        // s1 -(2)-> s2 -(3)-> s3 -(1)-> h3, one destination-MAC rule per switch.
        AssertForwardingRule(lab.Switch("s1"), h3.Mac, outPort: 2);
        AssertForwardingRule(lab.Switch("s2"), h3.Mac, outPort: 3);
        AssertForwardingRule(lab.Switch("s3"), h3.Mac, outPort: 1);

        // The packet itself goes straight out of h3's port at the last hop.
        PacketOut delivery = Assert.Single(lab.Switch("s3").PacketOuts);
        Assert.Equal([OfpAction.Output(1)], delivery.Actions);
        Assert.Equal(Frames.Ipv4(h1, h3), delivery.Data.ToArray());
        Assert.Single(h3.Received);
        Assert.All(lab.Network.Switches.Values, s => Assert.Equal(1, s.Flushes));
    }

    [Fact]
    public async Task SecondPacket_AfterRulesInstalled_FollowsRulesWithoutController()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 1));
        long packetIns = lab.Network.PacketInsDelivered;

        await lab.SendAsync("h1", Frames.Ipv4(h1, h3, id: 2));

        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
        Assert.Equal(2, h3.Received.Count);
    }

    [Fact]
    public async Task Ipv4_ToUnknownHost_IsFloodedAndInstallsNothing()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));

        Assert.Single(h3.Received);
        Assert.Single(lab.Host("h2").Received);
        Assert.All(lab.Network.Switches.Values, s => Assert.Empty(s.Table.WithCookieApp(FlowCookies.ForwardingApplication, FlowCookies.ApplicationMask)));
    }

    [Fact]
    public async Task SecondSource_TowardSameHost_StopsAtTheExistingTree()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        await lab.AnnounceAllHostsAsync();
        FakeHost h1 = lab.Host("h1"), h2 = lab.Host("h2"), h3 = lab.Host("h3");
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        lab.ClearSent();

        // h2's traffic enters at s2, which already forwards toward h3: nothing to install.
        await lab.SendAsync("h2", Frames.Ipv4(h2, h3));

        Assert.Equal(0, lab.Network.Switches.Values.Sum(s => s.FlowMods.Count));
        Assert.Single(h3.Received, f => f.AsSpan(6, 6).SequenceEqual(Frames.Ipv4(h2, h3).AsSpan(6, 6)));
    }

    [Fact]
    public async Task FatTree_AllPairs_DeliveredOnceWithoutLoopsAndThenWithoutController()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.FatTree(4));
        await lab.AnnounceAllHostsAsync();
        var hosts = lab.Network.Hosts.Values.ToList();
        lab.ClearInboxes();

        await SendAllPairsAsync(lab, hosts, id: 1);
        long packetIns = lab.Network.PacketInsDelivered;
        await SendAllPairsAsync(lab, hosts, id: 2);

        Assert.All(hosts, h => Assert.Equal(2 * (hosts.Count - 1), h.Received.Count));
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
        Assert.Equal(0, lab.Network.LoopedFrames);
        Assert.Equal(0, lab.Network.FramesIntoTheVoid);

        // Destination-based rules: every switch holds at most one rule per destination.
        Assert.All(lab.Network.Switches.Values, s =>
            Assert.Equal(s.Table.Flows.Count(f => f.EthDst is not null), s.Table.Flows.Where(f => f.EthDst is not null).Select(f => f.EthDst).Distinct().Count()));
    }

    internal static async Task SendAllPairsAsync(Lab lab, IReadOnlyList<FakeHost> hosts, ushort id)
    {
        foreach (FakeHost from in hosts)
        {
            foreach (FakeHost to in hosts)
            {
                if (from != to)
                {
                    lab.Network.Send(from.Name, Frames.Ipv4(from, to, id));
                }
            }

            await lab.SettleAsync();
        }
    }

    internal static void AssertForwardingRule(FakeSwitch s, ulong destination, uint outPort, ushort idleTimeout = 0)
    {
        FlowMod mod = Assert.Single(s.FlowMods);
        Assert.Equal(FlowModCommand.Add, mod.Command);
        Assert.Equal(FlowCookies.Forwarding(destination), mod.Cookie);
        Assert.Equal(1000, mod.Priority);
        Assert.Equal(0, mod.TableId);
        Assert.Equal(idleTimeout, mod.IdleTimeout);
        Assert.Equal([OxmEntry.EthDst(destination)], mod.Match);
        OfpInstruction apply = Assert.Single(mod.Instructions);
        Assert.Equal(OfpInstructionType.ApplyActions, apply.Type);
        Assert.Equal([OfpAction.Output(outPort)], apply.Actions);
    }
}
