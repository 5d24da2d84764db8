using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>GROUP_MOD of every type and METER_MOD sent by the controller, as OVS shows and reports them.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsGroupMeterTests(OvsFixture ovs)
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [SkippableTheory]
    [InlineData(GroupType.All, "group_id=101,type=all,bucket=actions=output:1,bucket=actions=output:2")]
    [InlineData(GroupType.Select, "group_id=102,type=select,bucket=weight:3,actions=output:1,bucket=actions=output:2")]
    [InlineData(GroupType.Indirect, "group_id=103,type=indirect,bucket=actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:1")]
    [InlineData(GroupType.FastFailover, "group_id=104,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,actions=output:2")]
    public async Task GroupMod_EachType_DumpGroupsShowsItExactlyAndGroupDescDecodesToWhatWasSent(GroupType type, string expected)
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oc");
        uint id = 101 + (uint)type;
        List<OfpBucket> buckets = type switch
        {
            GroupType.All => [OfpBucket.Of(OfpAction.Output(1)), OfpBucket.Of(OfpAction.Output(2))],
            GroupType.Select => [Weighted(3, OfpAction.Output(1)), Weighted(1, OfpAction.Output(2))],
            GroupType.Indirect => [OfpBucket.Of(OfpAction.PushVlan(), OfpAction.SetVlanVid(100), OfpAction.Output(1))],
            _ => [Watching(1, OfpAction.Output(1)), Watching(2, OfpAction.Output(2))],
        };
        try
        {
            connection.Send(new GroupMod { Command = GroupModCommand.Add, GroupType = type, GroupId = id, Buckets = buckets });
            await connection.BarrierAsync().WaitAsync(Guard);

            string dump = await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "--no-names", "dump-groups", "oc", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(expected, dump.Split('\n', StringSplitOptions.TrimEntries));

            var parts = await connection.RequestMultipartAsync<GroupDescReply>(new GroupDescRequest()).WaitAsync(Guard);
            var entry = Assert.Single(parts.SelectMany(p => p.Entries), e => e.GroupId == id);
            Assert.Equal(type, entry.GroupType);
            Assert.Equal(buckets, entry.Buckets);
        }
        finally
        {
            connection.Send(new GroupMod { Command = GroupModCommand.Delete, GroupId = id });
            await connection.BarrierAsync().WaitAsync(Guard);
        }

        Assert.DoesNotContain($"group_id={id},", await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", "oc"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MeterMod_DropBandWithBurst_DumpMetersShowsItExactly()
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oc");
        try
        {
            connection.Send(new MeterMod { Command = MeterModCommand.Add, Flags = MeterFlags.Kbps | MeterFlags.Burst | MeterFlags.Stats, MeterId = 9, Bands = [OfpMeterBand.Drop(1000, burstSize: 500)] });
            await connection.BarrierAsync().WaitAsync(Guard);

            string dump = await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", "oc", "meter=9");
            Assert.Contains("meter=9 kbps burst stats bands=\ntype=drop rate=1000 burst_size=500", dump, StringComparison.Ordinal);
        }
        finally
        {
            connection.Send(new MeterMod { Command = MeterModCommand.Delete, MeterId = 9 });
            await connection.BarrierAsync().WaitAsync(Guard);
        }

        Assert.DoesNotContain("meter=9 ", await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", "oc"), StringComparison.Ordinal);
    }

    private static OfpBucket Weighted(ushort weight, OfpAction action)
    {
        var bucket = OfpBucket.Of(action);
        bucket.Weight = weight;
        return bucket;
    }

    private static OfpBucket Watching(uint port, OfpAction action)
    {
        var bucket = OfpBucket.Of(action);
        bucket.WatchPort = port;
        return bucket;
    }
}
