using PacketDotNet;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>Group table (spec 5.6, 6.5) and meter table (spec 5.7) behaviour.</summary>
public sealed class GroupAndMeterTests
{
    private readonly ManualClock _clock = new();
    private readonly SwitchPipeline _p;

    public GroupAndMeterTests() => _p = PipelineWithPorts(_clock, ports: 4);

    [Fact]
    public void GroupAll_EveryBucketGetsItsOwnCopy()
    {
        Ok(_p.ApplyGroupMod(Group(1, GroupType.All,
            OfpBucket.Of(OfpAction.PushVlan(), OfpAction.SetVlanVid(7), OfpAction.Output(2)),
            OfpBucket.Of(OfpAction.Output(3)))));
        Ok(_p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Group(1)))));

        var outputs = _p.Receive(1, Net.UdpAtoB()).Outputs;

        Assert.Equal([2u, 3u], outputs.Select(o => o.Port));
        Assert.Equal(7, Net.Parse(outputs[0].Frame).Extract<Ieee8021QPacket>().VlanIdentifier);
        Assert.Equal(Net.UdpAtoB(), outputs[1].Frame); // the VLAN push of bucket 0 did not leak
        Assert.Equal(1UL, _p.Groups[1].PacketCount);
        Assert.Equal([1UL, 1UL], _p.Groups[1].BucketPacketCounts);
    }

    [Fact]
    public void GroupSelect_SameFlowSameBucket_DifferentFlowsSpread()
    {
        Ok(_p.ApplyGroupMod(Group(1, GroupType.Select,
            new OfpBucket { Weight = 1, Actions = [OfpAction.Output(2)] },
            new OfpBucket { Weight = 1, Actions = [OfpAction.Output(3)] })));
        Ok(_p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Group(1)))));

        uint first = Assert.Single(_p.Receive(1, Net.UdpAtoB(5000, 53)).OutputPorts);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(first, Assert.Single(_p.Receive(1, Net.UdpAtoB(5000, 53)).OutputPorts));
        }

        var used = new HashSet<uint>();
        for (ushort src = 1000; src < 1100; src++)
        {
            used.Add(Assert.Single(_p.Receive(1, Net.UdpAtoB(src, 53)).OutputPorts));
        }

        Assert.Equal([2u, 3u], used.Order());
    }

    [Fact]
    public void GroupSelect_WeightFollowsRatio_AndDeadBucketIsSkipped()
    {
        Ok(_p.ApplyGroupMod(Group(1, GroupType.Select,
            new OfpBucket { Weight = 3, WatchPort = 2, Actions = [OfpAction.Output(2)] },
            new OfpBucket { Weight = 1, WatchPort = 3, Actions = [OfpAction.Output(3)] })));
        Ok(_p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Group(1)))));
        int toTwo = 0;
        for (ushort src = 0; src < 400; src++)
        {
            toTwo += _p.Receive(1, Net.UdpAtoB(src, 53)).OutputPorts.Single() == 2 ? 1 : 0;
        }

        Assert.InRange(toTwo, 240, 360); // ~300 expected

        _p.Ports[2].State = PortState.LinkDown;
        Assert.Equal([3u], _p.Receive(1, Net.UdpAtoB(7, 53)).OutputPorts);
    }

    [Fact]
    public void GroupIndirect_RunsItsSingleBucket()
    {
        Ok(_p.ApplyGroupMod(Group(5, GroupType.Indirect, OfpBucket.Of(OfpAction.SetField(OxmEntry.EthDst(Net.MacC)), OfpAction.Output(4)))));
        Ok(_p.ApplyFlowMod(Add(10, Any, Write(OfpAction.Group(5), OfpAction.Output(2)))));

        var (port, frame) = Assert.Single(_p.Receive(1, Net.UdpAtoB()).Outputs);

        Assert.Equal(4u, port); // group in the action set wins over output
        Assert.Equal("00000000000C", ((EthernetPacket)Net.Parse(frame)).DestinationHardwareAddress.ToString());
    }

    [Fact]
    public void GroupIndirect_WithTwoBuckets_IsInvalid()
    {
        var error = _p.ApplyGroupMod(Group(5, GroupType.Indirect, OfpBucket.Of(OfpAction.Output(2)), OfpBucket.Of(OfpAction.Output(3))));
        Assert.Equal(OfpErrorType.GroupModFailed, error!.Value.Type);
    }

    [Fact]
    public void GroupFastFailover_WatchedPortDown_FailsOverToNextLiveBucket()
    {
        Ok(_p.ApplyGroupMod(Group(1, GroupType.FastFailover,
            new OfpBucket { WatchPort = 2, Actions = [OfpAction.Output(2)] },
            new OfpBucket { WatchPort = 3, Actions = [OfpAction.Output(3)] })));
        Ok(_p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Group(1)))));

        Assert.Equal([2u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
        _p.Ports[2].State = PortState.LinkDown;
        Assert.Equal([3u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
        _p.Ports[3].Config = PortConfig.PortDown;
        Assert.True(_p.Receive(1, Net.UdpAtoB()).Dropped);
        _p.Ports[2].State = PortState.Live;
        Assert.Equal([2u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
    }

    [Fact]
    public void GroupFastFailover_BucketWithoutWatch_FailsWithBadWatch()
    {
        var error = _p.ApplyGroupMod(Group(1, GroupType.FastFailover, OfpBucket.Of(OfpAction.Output(2))));
        Assert.Equal((ushort)GroupModFailedCode.BadWatch, error!.Value.Code);
    }

    [Fact]
    public void GroupMod_AddExisting_FailsWithGroupExists_ModifyMissing_UnknownGroup()
    {
        Ok(_p.ApplyGroupMod(Group(1, GroupType.All, OfpBucket.Of(OfpAction.Output(2)))));
        Assert.Equal((ushort)GroupModFailedCode.GroupExists, _p.ApplyGroupMod(Group(1, GroupType.All))!.Value.Code);
        var modify = Group(2, GroupType.All);
        modify.Command = GroupModCommand.Modify;
        Assert.Equal((ushort)GroupModFailedCode.UnknownGroup, _p.ApplyGroupMod(modify)!.Value.Code);
    }

    [Fact]
    public void GroupChaining_Works_AndLoopIsRefused()
    {
        Ok(_p.ApplyGroupMod(Group(2, GroupType.All, OfpBucket.Of(OfpAction.Output(3)))));
        Ok(_p.ApplyGroupMod(Group(1, GroupType.All, OfpBucket.Of(OfpAction.Output(2)), OfpBucket.Of(OfpAction.Group(2)))));
        Ok(_p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Group(1)))));
        Assert.Equal([2u, 3u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);

        var loop = Group(2, GroupType.All, OfpBucket.Of(OfpAction.Group(1)));
        loop.Command = GroupModCommand.Modify;
        Assert.Equal((ushort)GroupModFailedCode.Loop, _p.ApplyGroupMod(loop)!.Value.Code);

        var deleteChained = new GroupMod { Command = GroupModCommand.Delete, GroupId = 2 };
        Assert.Equal((ushort)GroupModFailedCode.ChainedGroup, _p.ApplyGroupMod(deleteChained)!.Value.Code);
    }

    [Fact]
    public void GroupDelete_RemovesFlowsUsingIt_WithReasonGroupDelete()
    {
        var removed = new List<FlowRemovedReason>();
        _p.FlowRemoved = (_, r) => removed.Add(r);
        Ok(_p.ApplyGroupMod(Group(1, GroupType.All, OfpBucket.Of(OfpAction.Output(2)))));
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Apply(OfpAction.Group(1)))));
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(2)), Out(3))));

        Ok(_p.ApplyGroupMod(new GroupMod { Command = GroupModCommand.Delete, GroupId = OfpConstants.GroupAll }));

        Assert.Equal([FlowRemovedReason.GroupDelete], removed);
        Assert.Equal(1, _p.FlowCount);
        Assert.Empty(_p.Groups);
    }

    [Fact]
    public void MeterDropBand_PacketRate_DropsAboveRateAndRefillsWithTime()
    {
        Ok(_p.ApplyMeterMod(new MeterMod
        {
            Command = MeterModCommand.Add,
            MeterId = 1,
            Flags = MeterFlags.Pktps | MeterFlags.Burst | MeterFlags.Stats,
            Bands = [OfpMeterBand.Drop(rate: 10, burstSize: 10)],
        }));
        Ok(_p.ApplyFlowMod(Add(10, Any, OfpInstruction.Meter(1), Out(2))));

        int passed = Enumerable.Range(0, 30).Count(_ => !_p.Receive(1, Net.UdpAtoB()).Dropped);
        Assert.Equal(10, passed);

        _clock.Advance(TimeSpan.FromSeconds(0.5));
        passed = Enumerable.Range(0, 30).Count(_ => !_p.Receive(1, Net.UdpAtoB()).Dropped);
        Assert.Equal(5, passed);

        var meter = _p.Meters[1];
        Assert.Equal(60UL, meter.PacketInCount);
        Assert.Equal(45UL, meter.BandPacketCounts[0]);
    }

    [Fact]
    public void MeterDropBand_KilobitRate_LimitsBytes()
    {
        // 80 kbit/s with an 8 kbit burst = 1000 bytes at once.
        Ok(_p.ApplyMeterMod(new MeterMod
        {
            Command = MeterModCommand.Add,
            MeterId = 2,
            Flags = MeterFlags.Kbps | MeterFlags.Burst,
            Bands = [OfpMeterBand.Drop(rate: 80, burstSize: 8)],
        }));
        Ok(_p.ApplyFlowMod(Add(10, Any, OfpInstruction.Meter(2), Out(2))));
        int frameBytes = Net.UdpAtoB().Length;
        int passed = Enumerable.Range(0, 100).Count(_ => !_p.Receive(1, Net.UdpAtoB()).Dropped);
        Assert.Equal(1000 / frameBytes, passed);
    }

    [Fact]
    public void MeterMod_Errors_ExistsUnknownBadRate()
    {
        var add = new MeterMod { Command = MeterModCommand.Add, MeterId = 1, Flags = MeterFlags.Kbps, Bands = [OfpMeterBand.Drop(100)] };
        Ok(_p.ApplyMeterMod(add));
        Assert.Equal((ushort)MeterModFailedCode.MeterExists, _p.ApplyMeterMod(add)!.Value.Code);
        Assert.Equal((ushort)MeterModFailedCode.UnknownMeter,
            _p.ApplyMeterMod(new MeterMod { Command = MeterModCommand.Modify, MeterId = 9, Bands = [OfpMeterBand.Drop(1)] })!.Value.Code);
        Assert.Equal((ushort)MeterModFailedCode.BadRate,
            _p.ApplyMeterMod(new MeterMod { Command = MeterModCommand.Add, MeterId = 3, Bands = [OfpMeterBand.Drop(0)] })!.Value.Code);
    }

    [Fact]
    public void MeterDelete_RemovesFlowsUsingIt()
    {
        Ok(_p.ApplyMeterMod(new MeterMod { Command = MeterModCommand.Add, MeterId = 1, Flags = MeterFlags.Kbps, Bands = [OfpMeterBand.Drop(100)] }));
        Ok(_p.ApplyFlowMod(Add(10, Any, OfpInstruction.Meter(1), Out(2))));
        Ok(_p.ApplyMeterMod(new MeterMod { Command = MeterModCommand.Delete, MeterId = 1 }));
        Assert.Equal(0, _p.FlowCount);
    }
}
