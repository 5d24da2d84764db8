using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>Flow-mods sent through the controller's switch connection, as Open vSwitch shows and reports them.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsFlowTests(OvsFixture ovs)
{
    private const ulong Cookies = 0x0A55_0000_0000_0000;
    private const ulong CookieMask = 0xFFFF_0000_0000_0000;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    /// <summary>Each flow with the line <c>ovs-ofctl --no-stats --no-names dump-flows</c> prints for it, written by hand.</summary>
    private static (FlowMod Flow, string Expected)[] Flows() =>
    [
        (Add(0x1, 1234, [OxmEntry.InPort(1), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(OxmEntry.ParseIpv4("10.9.9.0"), 24)], OfpInstruction.ApplyActions(OfpAction.Output(2))),
            "cookie=0xa55000000000001, priority=1234,ip,in_port=1,nw_dst=10.9.9.0/24 actions=output:2"),
        (Add(0x2, 1235, [OxmEntry.InPort(1), OxmEntry.EthSrc(0x0200_0000_0001)], OfpInstruction.ApplyActions(OfpAction.PushVlan(), OfpAction.SetVlanVid(100), OfpAction.Output(2))),
            "cookie=0xa55000000000002, priority=1235,in_port=1,dl_src=02:00:00:00:00:01 actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:2"),
        (Add(0x3, 1236, [OxmEntry.VlanVid(100)], OfpInstruction.ApplyActions(OfpAction.PopVlan(), OfpAction.Output(1))),
            "cookie=0xa55000000000003, priority=1236,dl_vlan=100 actions=pop_vlan,output:1"),
        (Add(0x4, 1237, [OxmEntry.EthType(0x0800), OxmEntry.IpProto(17), OxmEntry.UdpDst(5000)], OfpInstruction.ApplyActions(OfpAction.SetField(OxmEntry.EthDst(0x0200_0000_0009)), OfpAction.DecNwTtl()), OfpInstruction.GotoTable(1)),
            "cookie=0xa55000000000004, priority=1237,udp,tp_dst=5000 actions=set_field:02:00:00:00:00:09->eth_dst,dec_ttl,goto_table:1"),
    ];

    [SkippableFact]
    public async Task FlowMods_SentByTheController_DumpFlowsShowsThemExactlyAndDeleteByCookieRemovesThem()
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oa");
        var flows = Flows();
        try
        {
            foreach (var (flow, _) in flows)
            {
                connection.Send(flow);
            }

            await connection.BarrierAsync().WaitAsync(Guard);
            Assert.Equal(flows.Select(f => f.Expected).Order(StringComparer.Ordinal), (await OvsFixture.DumpFlowsAsync("oa", Cookies, CookieMask)).Order(StringComparer.Ordinal));

            // OVS's flow stats decode to what was sent: match (in any order), priority, cookie and instructions.
            var parts = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest { Cookie = Cookies, CookieMask = CookieMask }).WaitAsync(Guard);
            Assert.Equal(
                flows.Select(f => Key(f.Flow.Cookie, f.Flow.Priority, f.Flow.Match, f.Flow.Instructions)).Order(StringComparer.Ordinal),
                parts.SelectMany(p => p.Entries).Select(e => Key(e.Cookie, e.Priority, e.Match, e.Instructions)).Order(StringComparer.Ordinal));
        }
        finally
        {
            connection.Send(new FlowMod { Command = FlowModCommand.Delete, TableId = OfpConstants.TableAll, Cookie = Cookies, CookieMask = CookieMask });
            await connection.BarrierAsync().WaitAsync(Guard);
        }

        Assert.Empty(await OvsFixture.DumpFlowsAsync("oa", Cookies, CookieMask));
        // Only the flows with that cookie went: the controller's table-miss rule is still there.
        Assert.Contains("cookie=0x5dc2000000000000, priority=0 actions=CONTROLLER:65535", await OvsFixture.DumpFlowsAsync("oa"));
    }

    [SkippableFact]
    public async Task FlowMods_ThreeThousand_FlowStatsArriveInSeveralReplyMorePartsWithEveryFlowAndAggregateAgrees()
    {
        ovs.SkipIfUnavailable();
        const int count = 3000;
        const ulong bulk = 0x0A56_0000_0000_0000;
        var connection = ovs.Connection("oc");
        FlowMod Flow(int i) => new()
        {
            Command = FlowModCommand.Add,
            Cookie = bulk | (uint)i,
            Priority = 10,
            Match = [OxmEntry.EthDst(0x0266_0000_0000UL | (uint)i)],
            Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))],
        };
        try
        {
            for (int i = 0; i < count; i++)
            {
                connection.Send(Flow(i));
                if (i % 500 == 499)
                {
                    connection.Flush();
                    await connection.WhenWritableAsync().WaitAsync(Guard);
                }
            }

            await connection.BarrierAsync().WaitAsync(Guard);

            // OVS splits a reply that would pass 64 KiB into parts flagged REPLY_MORE; the session reassembles them.
            var parts = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest { Cookie = bulk, CookieMask = CookieMask }).WaitAsync(Guard);
            Assert.True(parts.Count > 1, $"{count} flows came in {parts.Count} part(s)");
            Assert.Equal(
                Enumerable.Range(0, count).Select(i => Key(Flow(i).Cookie, 10, Flow(i).Match, Flow(i).Instructions)).Order(StringComparer.Ordinal),
                parts.SelectMany(p => p.Entries).Select(e => Key(e.Cookie, e.Priority, e.Match, e.Instructions)).Order(StringComparer.Ordinal));
            var aggregate = Assert.Single(await connection.RequestMultipartAsync<AggregateStatsReply>(new AggregateStatsRequest { Cookie = bulk, CookieMask = CookieMask }).WaitAsync(Guard));
            Assert.Equal((uint)count, aggregate.FlowCount);
        }
        finally
        {
            connection.Send(new FlowMod { Command = FlowModCommand.Delete, TableId = OfpConstants.TableAll, Cookie = bulk, CookieMask = CookieMask });
            await connection.BarrierAsync().WaitAsync(Guard);
        }

        var after = Assert.Single(await connection.RequestMultipartAsync<AggregateStatsReply>(new AggregateStatsRequest { Cookie = bulk, CookieMask = CookieMask }).WaitAsync(Guard));
        Assert.Equal(0u, after.FlowCount);
    }

    [SkippableFact]
    public async Task FlowMod_OvsRefusesAnOutputToAMissingGroup_ErrorIsDecodedWithTheFailingRequest()
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oa");
        Assert.True(ovs.Host.Server.TryGetCounters(connection.DatapathId, out var before));
        long controlPlaneErrors = ovs.Host.ControlPlane.Stats.SwitchErrors;

        connection.Send(Add(0x99, 999, [OxmEntry.EthType(0x0806)], OfpInstruction.ApplyActions(OfpAction.Group(4242))));
        await connection.BarrierAsync().WaitAsync(Guard);
        await ovs.Host.ControlPlane.QuiesceAsync().WaitAsync(Guard);

        Assert.True(ovs.Host.Server.TryGetCounters(connection.DatapathId, out var after));
        Assert.Equal(before.ErrorsReceived + 1, after.ErrorsReceived);
        Assert.Equal(controlPlaneErrors + 1, ovs.Host.ControlPlane.Stats.SwitchErrors);
        // OFPET_BAD_ACTION / OFPBAC_BAD_OUT_GROUP, matched to the FLOW_MOD it answers by xid.
        Assert.Contains(ovs.Log.Entries, e => e.Id.Id == 1010 && e.Message.Contains("BadAction/9 for FlowMod", StringComparison.Ordinal));
        Assert.Empty(await OvsFixture.DumpFlowsAsync("oa", 0x0A55_0000_0000_0099, ulong.MaxValue));
    }

    [SkippableFact]
    public async Task MultipartRequest_QueueStatsForAMissingPort_FaultsWithOvsErrorCarryingTheRequest()
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oa");
        var request = new QueueStatsRequest { PortNo = 99, Xid = connection.NextXid() };

        var error = await Assert.ThrowsAsync<SdnCtl.Control.Switches.OpenFlowErrorException>(
            () => connection.RequestMultipartAsync<QueueStatsReply>(request).WaitAsync(Guard));

        Assert.Equal(SdnCtl.OpenFlow.Errors.OfpErrorType.QueueOpFailed, error.ErrorType);
        Assert.Equal(0, error.Error.Code); // OFPQOFC_BAD_PORT
        Assert.Equal(request.Xid, error.Error.Xid);
        // The error's data starts with the refused request: version 4, OFPT_MULTIPART_REQUEST, its xid.
        var data = error.Error.Data.Span;
        Assert.True(data.Length >= 8, "OVS returns at least the request's header");
        Assert.Equal(4, data[0]);
        Assert.Equal((byte)OfpType.MultipartRequest, data[1]);
        Assert.Equal(request.Xid, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
    }

    private static FlowMod Add(ulong cookie, ushort priority, List<OxmEntry> match, params OfpInstruction[] instructions) => new()
    {
        Command = FlowModCommand.Add,
        Cookie = Cookies | cookie,
        Priority = priority,
        Match = match,
        Instructions = [.. instructions],
    };

    private static string Key(ulong cookie, ushort priority, List<OxmEntry> match, List<OfpInstruction> instructions) =>
        $"{cookie:x}|{priority}|{string.Join(',', match.OrderBy(m => m.Field))}|{string.Join(';', instructions)}";
}
