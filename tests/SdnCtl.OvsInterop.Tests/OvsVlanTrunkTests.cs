using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// A VLAN trunk across the three bridges programmed with push_vlan/pop_vlan flows: the hosts' untagged
/// frames cross the inter-switch veths tagged with VID 100, as tcpdump on a trunk link sees.
/// </summary>
[Collection(OvsCollection.Name)]
public sealed class OvsVlanTrunkTests(OvsFixture ovs)
{
    private const ushort Vid = 100;
    private const ulong Cookie = 0x7100_0000_0000_0064;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [SkippableFact]
    public async Task VlanTrunk_PushAtTheEdgePopAtTheFarEdge_TaggedFramesOnTheTrunkAndPingAnswered()
    {
        ovs.SkipIfUnavailable();
        Tcpdump.SkipIfMissing();

        // Above the controller's reactive rules (priority 1000): access ports tag, the trunk carries, the far edge untags.
        var rules = new (string Switch, FlowMod Flow)[]
        {
            ("oa", Rule([OxmEntry.InPort(1)], OfpAction.PushVlan(), OfpAction.SetVlanVid(Vid), OfpAction.Output(2))),
            ("oa", Rule([OxmEntry.InPort(2), OxmEntry.VlanVid(Vid)], OfpAction.PopVlan(), OfpAction.Output(1))),
            ("ob", Rule([OxmEntry.InPort(2), OxmEntry.VlanVid(Vid)], OfpAction.Output(3))),
            ("ob", Rule([OxmEntry.InPort(3), OxmEntry.VlanVid(Vid)], OfpAction.Output(2))),
            ("oc", Rule([OxmEntry.InPort(1)], OfpAction.PushVlan(), OfpAction.SetVlanVid(Vid), OfpAction.Output(2))),
            ("oc", Rule([OxmEntry.InPort(2), OxmEntry.VlanVid(Vid)], OfpAction.PopVlan(), OfpAction.Output(1))),
        };
        try
        {
            foreach (var (sw, flow) in rules)
            {
                ovs.Connection(sw).Send(flow);
            }

            foreach (string sw in new[] { "oa", "ob", "oc" })
            {
                await ovs.Connection(sw).BarrierAsync().WaitAsync(Guard);
            }

            Assert.Equal(
                ["cookie=0x7100000000000064, priority=2000,in_port=1 actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:2",
                 "cookie=0x7100000000000064, priority=2000,in_port=2,dl_vlan=100 actions=pop_vlan,output:1"],
                (await OvsFixture.DumpFlowsAsync("oa", Cookie, ulong.MaxValue)).Order(StringComparer.Ordinal));

            // Capture on the oa–ob veth: the first ICMP frame in VLAN 100 is the proof.
            string capture = await Tcpdump.CaptureWhileAsync(
                "oa-eth2",
                "vlan 100 and icmp",
                () => Poll.UntilAsync(() => OvsFixture.PingOnceAsync("oh1", ovs.HostAddress("oh3")), "oh1 gets an answer from oh3 over the trunk"));
            Assert.Contains("vlan 100", capture, StringComparison.Ordinal);
            Assert.Contains("02:77:00:00:00:01", capture, StringComparison.Ordinal);
            Assert.Contains("ICMP echo", capture, StringComparison.Ordinal);

            // The trunk rules carried it: their counters moved, and no packet-in was needed.
            var stats = (await ovs.Connection("ob").RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest { Cookie = Cookie, CookieMask = ulong.MaxValue }).WaitAsync(Guard))
                .SelectMany(p => p.Entries).ToList();
            Assert.Equal(2, stats.Count);
            Assert.All(stats, s => Assert.True(s.PacketCount > 0, $"trunk rule {string.Join(',', s.Match)} carried no packet"));
        }
        finally
        {
            foreach (string sw in new[] { "oa", "ob", "oc" })
            {
                var connection = ovs.Connection(sw);
                connection.Send(new FlowMod { Command = FlowModCommand.Delete, TableId = OfpConstants.TableAll, Cookie = Cookie, CookieMask = ulong.MaxValue });
                await connection.BarrierAsync().WaitAsync(Guard);
            }
        }

        Assert.Empty(await OvsFixture.DumpFlowsAsync("oa", Cookie, ulong.MaxValue));
    }

    private static FlowMod Rule(List<OxmEntry> match, params OfpAction[] actions) => new()
    {
        Command = FlowModCommand.Add,
        Cookie = Cookie,
        Priority = 2000,
        Match = match,
        Instructions = [OfpInstruction.ApplyActions(actions)],
    };
}
