using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>Every multipart statistics request Open vSwitch answers, decoded by the controller's codec.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsStatsTests(OvsFixture ovs)
{
    private const uint GroupId = 77;
    private const uint MeterId = 5;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [SkippableFact]
    public async Task MultipartStats_EveryKindOvsSupports_DecodesWithTheSwitchsContent()
    {
        ovs.SkipIfUnavailable();
        var c = ovs.Connection("ob");
        // A group and a meter, so that their statistics have an entry to decode.
        c.Send(new GroupMod { Command = GroupModCommand.Add, GroupType = GroupType.All, GroupId = GroupId, Buckets = [OfpBucket.Of(OfpAction.Output(1)), OfpBucket.Of(OfpAction.Output(2))] });
        c.Send(new MeterMod { Command = MeterModCommand.Add, Flags = MeterFlags.Kbps | MeterFlags.Burst | MeterFlags.Stats, MeterId = MeterId, Bands = [OfpMeterBand.Drop(1000, burstSize: 500)] });
        await c.BarrierAsync().WaitAsync(Guard);
        try
        {
            var desc = Assert.Single(await Request<DescReply>(new DescRequest()));
            Assert.Equal("Nicira, Inc.", desc.MfrDesc);
            Assert.Equal("Open vSwitch", desc.HwDesc);

            var flows = (await Request<FlowStatsReply>(new FlowStatsRequest())).SelectMany(p => p.Entries).ToList();
            Assert.Contains(flows, f => f.Priority == 0 && f.Cookie == 0x5dc2000000000000);
            var aggregate = Assert.Single(await Request<AggregateStatsReply>(new AggregateStatsRequest()));
            Assert.True(aggregate.FlowCount >= 2, $"aggregate counts {aggregate.FlowCount} flows");

            var portStats = (await Request<PortStatsReply>(new PortStatsRequest())).SelectMany(p => p.Entries).Select(e => e.PortNo).ToHashSet();
            Assert.Superset(new HashSet<uint> { 1, 2, 3 }, portStats);
            var portDesc = (await Request<PortDescReply>(new PortDescRequest())).SelectMany(p => p.Ports).ToList();
            Assert.Contains(portDesc, p => p.PortNo == 3 && p.Name == "ob-eth3");

            var tables = (await Request<TableStatsReply>(new TableStatsRequest())).SelectMany(p => p.Entries).ToList();
            Assert.Equal(254, tables.Count);
            Assert.Equal(Enumerable.Range(0, 254).Select(i => (byte)i), tables.Select(t => t.TableId));
            var features = await Request<TableFeaturesReply>(new TableFeaturesRequest());
            Assert.True(features.Sum(f => f.Body.Length) > 0, "OVS describes its tables' features");

            var group = Assert.Single((await Request<GroupStatsReply>(new GroupStatsRequest())).SelectMany(p => p.Entries), g => g.GroupId == GroupId);
            Assert.Equal(2, group.BucketStats.Count);
            var groupDesc = Assert.Single((await Request<GroupDescReply>(new GroupDescRequest())).SelectMany(p => p.Entries), g => g.GroupId == GroupId);
            Assert.Equal(GroupType.All, groupDesc.GroupType);
            Assert.Equal([OfpBucket.Of(OfpAction.Output(1)), OfpBucket.Of(OfpAction.Output(2))], groupDesc.Buckets);
            var groupFeatures = Assert.Single(await Request<GroupFeaturesReply>(new GroupFeaturesRequest()));
            Assert.True((groupFeatures.Types & (1u << (int)GroupType.All)) != 0, "OVS supports ALL groups");

            var meter = Assert.Single((await Request<MeterStatsReply>(new MeterStatsRequest())).SelectMany(p => p.Entries), m => m.MeterId == MeterId);
            Assert.Single(meter.BandStats);
            var meterConfig = Assert.Single((await Request<MeterConfigReply>(new MeterConfigRequest())).SelectMany(p => p.Entries), m => m.MeterId == MeterId);
            Assert.Equal(MeterFlags.Kbps | MeterFlags.Burst | MeterFlags.Stats, meterConfig.Flags);
            Assert.Equal(OfpMeterBand.Drop(1000, burstSize: 500), Assert.Single(meterConfig.Bands));
            var meterFeatures = Assert.Single(await Request<MeterFeaturesReply>(new MeterFeaturesRequest()));
            Assert.True(meterFeatures.MaxMeter > 0, "the userspace datapath supports meters");

            // OVS configures no queues on these ports: an empty, well-formed reply.
            Assert.Empty((await Request<QueueStatsReply>(new QueueStatsRequest())).SelectMany(p => p.Entries));
        }
        finally
        {
            c.Send(new GroupMod { Command = GroupModCommand.Delete, GroupId = GroupId });
            c.Send(new MeterMod { Command = MeterModCommand.Delete, MeterId = MeterId });
            await c.BarrierAsync().WaitAsync(Guard);
        }
    }

    private async Task<IReadOnlyList<T>> Request<T>(MultipartRequest request)
        where T : MultipartReply =>
        await ovs.Connection("ob").RequestMultipartAsync<T>(request).WaitAsync(Guard);
}
