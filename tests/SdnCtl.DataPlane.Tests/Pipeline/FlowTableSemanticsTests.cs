using PacketDotNet;
using SdnCtl.DataPlane.Packets;
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

/// <summary>Flow table semantics of OpenFlow 1.3 (spec 5.2–5.5, 6.4), one behaviour per test.</summary>
public sealed class FlowTableSemanticsTests
{
    private readonly ManualClock _clock = new();
    private readonly SwitchPipeline _p;
    private readonly List<(FlowEntry Entry, FlowRemovedReason Reason)> _removed = [];

    public FlowTableSemanticsTests()
    {
        _p = PipelineWithPorts(_clock);
        _p.FlowRemoved = (e, r) => _removed.Add((e, r));
    }

    [Fact]
    public void Lookup_OverlappingEntries_HighestPriorityWins()
    {
        Ok(_p.ApplyFlowMod(Add(10, Any, Out(2))));
        Ok(_p.ApplyFlowMod(Add(100, Match(OxmEntry.EthDst(Net.MacB)), Out(3))));
        Ok(_p.ApplyFlowMod(Add(50, Match(OxmEntry.EthType(EtherTypes.Ipv4)), Out(4))));

        Assert.Equal([3u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
        Assert.Equal([4u], _p.Receive(1, FrameBuilder.Udp(new L2Header(Net.MacA, Net.MacC), Net.IpA, Net.IpB, 1, 2)).OutputPorts);
        Assert.Equal([2u], _p.Receive(1, FrameBuilder.ArpRequest(Net.MacA, Net.IpA, Net.IpB)).OutputPorts);
    }

    [Fact]
    public void Add_CheckOverlapWithSamePriority_FailsWithOverlap()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        var mod = Add(10, Match(OxmEntry.EthDst(Net.MacB)), Out(3));
        mod.Flags = FlowModFlags.CheckOverlap;

        var error = _p.ApplyFlowMod(mod);

        Assert.NotNull(error);
        Assert.Equal(OfpErrorType.FlowModFailed, error.Value.Type);
        Assert.Equal((ushort)FlowModFailedCode.Overlap, error.Value.Code);
        Assert.Equal(1, _p.FlowCount);
    }

    [Fact]
    public void Add_CheckOverlap_FindsTheSamePriorityBehindHigherOnesAndForgetsDeletedEntries()
    {
        // in_port subtable holds priorities 50 and 10; the overlapping entry is the lower one.
        Ok(_p.ApplyFlowMod(Add(50, Match(OxmEntry.InPort(2)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(30, Match(OxmEntry.EthType(EtherTypes.Ipv4)), Out(3))));
        var mod = Add(10, Match(OxmEntry.EthDst(Net.MacB)), Out(3));
        mod.Flags = FlowModFlags.CheckOverlap;

        Assert.Equal((ushort)FlowModFailedCode.Overlap, _p.ApplyFlowMod(mod)!.Value.Code);

        Ok(_p.ApplyFlowMod(Delete(Match(OxmEntry.InPort(1)), strict: true, priority: 10, table: 0)));
        Ok(_p.ApplyFlowMod(mod));
        Assert.Equal(3, _p.FlowCount);
    }

    [Fact]
    public void Add_CheckOverlapWithDisjointMatchOrOtherPriority_Succeeds()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        var disjoint = Add(10, Match(OxmEntry.InPort(2)), Out(3));
        disjoint.Flags = FlowModFlags.CheckOverlap;
        var otherPriority = Add(11, Match(OxmEntry.InPort(1)), Out(3));
        otherPriority.Flags = FlowModFlags.CheckOverlap;

        Ok(_p.ApplyFlowMod(disjoint));
        Ok(_p.ApplyFlowMod(otherPriority));
        Assert.Equal(3, _p.FlowCount);
    }

    [Fact]
    public void Add_IdenticalMatchAndPriority_ReplacesInstructionsAndKeepsCounters()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        _p.Receive(1, Net.UdpAtoB());
        _p.Receive(1, Net.UdpAtoB());

        var replacement = Add(10, Match(OxmEntry.InPort(1)), Out(3));
        replacement.Cookie = 0x77;
        Ok(_p.ApplyFlowMod(replacement));

        var entry = Assert.Single(_p.Tables[0].Entries);
        Assert.Equal(2UL, entry.PacketCount);
        Assert.Equal(0x77UL, entry.Cookie);
        Assert.Equal([3u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
        Assert.Empty(_removed);
    }

    [Fact]
    public void Add_IdenticalWithResetCounts_ClearsCounters()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        _p.Receive(1, Net.UdpAtoB());
        var replacement = Add(10, Match(OxmEntry.InPort(1)), Out(3));
        replacement.Flags = FlowModFlags.ResetCounts;
        Ok(_p.ApplyFlowMod(replacement));
        Assert.Equal(0UL, Assert.Single(_p.Tables[0].Entries).PacketCount);
    }

    [Fact]
    public void GotoTableAndWriteMetadata_NextTableMatchesOnMetadata()
    {
        Ok(_p.ApplyFlowMod(Add(0, 10, Match(OxmEntry.InPort(1)), OfpInstruction.WriteMetadata(0xab00, 0xff00), OfpInstruction.GotoTable(3))));
        Ok(_p.ApplyFlowMod(Add(3, 10, Match(OxmEntry.Metadata(0xab00, 0xff00)), Out(4))));
        Ok(_p.ApplyFlowMod(Add(3, 5, Any, Out(2))));

        var result = _p.Receive(1, Net.UdpAtoB(), trace: true);

        Assert.Equal([4u], result.OutputPorts);
        Assert.Equal([0, 3], result.Trace!.Steps.Where(s => s.Kind == "lookup").Select(s => s.TableId));
        Assert.Equal(1UL, _p.Tables[3].MatchedCount);
    }

    [Fact]
    public void GotoTable_BackwardsOrSameTable_FailsWithBadTableId()
    {
        var error = _p.ApplyFlowMod(Add(2, 10, Any, OfpInstruction.GotoTable(2)));
        Assert.Equal(OfpErrorType.BadInstruction, error!.Value.Type);
        Assert.Equal((ushort)BadInstructionCode.BadTableId, error.Value.Code);
        Assert.NotNull(_p.ApplyFlowMod(Add(2, 10, Any, OfpInstruction.GotoTable(1))));
    }

    [Fact]
    public void FlowMod_TableBeyondLast_FailsWithBadTableId()
    {
        var error = _p.ApplyFlowMod(Add(8, 10, Any, Out(2)));
        Assert.Equal(OfpErrorType.FlowModFailed, error!.Value.Type);
        Assert.Equal((ushort)FlowModFailedCode.BadTableId, error.Value.Code);
    }

    [Fact]
    public void FlowMod_MissingPrerequisite_FailsWithBadPrereq()
    {
        var error = _p.ApplyFlowMod(Add(10, Match(OxmEntry.TcpDst(80)), Out(2)));
        Assert.Equal(OfpErrorType.BadMatch, error!.Value.Type);
        Assert.Equal((ushort)BadMatchCode.BadPrereq, error.Value.Code);
    }

    [Fact]
    public void FlowMod_UnknownGroupOrMeterOrPbb_IsRefused()
    {
        Assert.Equal((ushort)BadActionCode.BadOutGroup, _p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Group(9))))!.Value.Code);
        Assert.Equal(OfpErrorType.MeterModFailed, _p.ApplyFlowMod(Add(10, Any, OfpInstruction.Meter(9)))!.Value.Type);
        Assert.Equal(OfpErrorType.BadAction, _p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.PushPbb())))!.Value.Type);
        Assert.Equal((ushort)BadActionCode.BadOutPort, _p.ApplyFlowMod(Add(10, Any, Out(OfpPortNo.Table)))!.Value.Code);
    }

    [Fact]
    public void WriteActions_ExecuteInSpecOrderNotListOrder()
    {
        // Listed output first, but the action set applies push/set before output (spec 5.10).
        Ok(_p.ApplyFlowMod(Add(10, Any, Write(OfpAction.Output(2), OfpAction.SetVlanVid(10), OfpAction.PushVlan()))));

        var (port, frame) = Assert.Single(_p.Receive(1, Net.UdpAtoB()).Outputs);

        Assert.Equal(2u, port);
        Assert.Equal(10, Net.Parse(frame).Extract<Ieee8021QPacket>().VlanIdentifier);
    }

    [Fact]
    public void WriteActions_AccumulateAcrossTables_LaterWriteReplacesSameType()
    {
        Ok(_p.ApplyFlowMod(Add(0, 10, Any, Write(OfpAction.Output(2), OfpAction.SetField(OxmEntry.EthDst(0x111111111111))), OfpInstruction.GotoTable(1))));
        Ok(_p.ApplyFlowMod(Add(1, 10, Any, Write(OfpAction.Output(3)))));

        var (port, frame) = Assert.Single(_p.Receive(1, Net.UdpAtoB()).Outputs);

        Assert.Equal(3u, port);
        Assert.Equal("111111111111", ((EthernetPacket)Net.Parse(frame)).DestinationHardwareAddress.ToString());
    }

    [Fact]
    public void ClearActions_EmptiesTheActionSet()
    {
        Ok(_p.ApplyFlowMod(Add(0, 10, Any, Write(OfpAction.Output(2)), OfpInstruction.GotoTable(1))));
        Ok(_p.ApplyFlowMod(Add(1, 10, Any, OfpInstruction.ClearActions())));
        Assert.True(_p.Receive(1, Net.UdpAtoB()).Dropped);
    }

    [Fact]
    public void ApplyActions_RunImmediatelyInListOrder()
    {
        Ok(_p.ApplyFlowMod(Add(10, Any, Apply(OfpAction.Output(2), OfpAction.SetField(OxmEntry.EthDst(0x222222222222)), OfpAction.Output(3)))));

        var outputs = _p.Receive(1, Net.UdpAtoB()).Outputs;

        Assert.Equal(2, outputs.Count);
        Assert.Equal("00000000000B", ((EthernetPacket)Net.Parse(outputs[0].Frame)).DestinationHardwareAddress.ToString());
        Assert.Equal("222222222222", ((EthernetPacket)Net.Parse(outputs[1].Frame)).DestinationHardwareAddress.ToString());
    }

    [Fact]
    public void PushVlanSetVidThenPop_VisibleInOutputBytes()
    {
        Ok(_p.ApplyFlowMod(Add(0, 10, Match(OxmEntry.InPort(1)), Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid(123), OfpAction.Output(2)))));
        Ok(_p.ApplyFlowMod(Add(0, 10, Match(OxmEntry.InPort(2), OxmEntry.VlanVid(123)), Apply(OfpAction.PopVlan(), OfpAction.Output(3)))));

        var tagged = Assert.Single(_p.Receive(1, Net.UdpAtoB()).Outputs).Frame;
        var tag = Net.Parse(tagged).Extract<Ieee8021QPacket>();
        Assert.Equal(123, tag.VlanIdentifier);
        Assert.Equal(EthernetType.VLanTaggedFrame, ((EthernetPacket)Net.Parse(tagged)).Type);

        var untagged = Assert.Single(_p.Receive(2, tagged).Outputs).Frame;
        Assert.Equal(Net.UdpAtoB(), untagged);
    }

    [Fact]
    public void SetFieldIpv4Dst_OutputHasValidChecksums()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.EthType(EtherTypes.Ipv4)), Apply(OfpAction.SetField(OxmEntry.Ipv4Dst(Net.IpC)), OfpAction.Output(2)))));
        var p = Net.Parse(Assert.Single(_p.Receive(1, Net.TcpAtoB()).Outputs).Frame);
        Assert.Equal(System.Net.IPAddress.Parse("10.0.1.3"), p.Extract<IPv4Packet>().DestinationAddress);
        Assert.True(p.Extract<IPv4Packet>().ValidIPChecksum);
        Assert.True(p.Extract<TcpPacket>().ValidTcpChecksum);
    }

    [Fact]
    public void TableMiss_WithMissEntryToController_SendsPacketInNoMatch()
    {
        Ok(_p.ApplyFlowMod(Add(0, Any, Apply(OfpAction.ToController()))));
        var pin = Assert.Single(_p.Receive(1, Net.UdpAtoB()).PacketIns);
        Assert.Equal(PacketInReason.NoMatch, pin.Event.Reason);
        Assert.Equal(1u, pin.Event.InPort);
    }

    [Fact]
    public void TableMiss_WithoutMissEntry_Drops()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(3)), Out(2))));
        var result = _p.Receive(1, Net.UdpAtoB());
        Assert.True(result.Dropped);
        Assert.Equal(1UL, _p.Tables[0].LookupCount);
        Assert.Equal(0UL, _p.Tables[0].MatchedCount);
    }

    [Fact]
    public void OutputController_FromNonMissEntry_HasReasonActionAndMaxLen()
    {
        Ok(_p.ApplyFlowMod(Add(5, Match(OxmEntry.InPort(1)), Apply(OfpAction.ToController(64)))));
        var pin = Assert.Single(_p.Receive(1, Net.UdpAtoB()).PacketIns);
        Assert.Equal(PacketInReason.Action, pin.Event.Reason);
        Assert.Equal(64, pin.Event.MaxLen);
    }

    [Fact]
    public void DecNwTtl_Expired_DropsOrSendsInvalidTtl()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.EthType(EtherTypes.Ipv4)), Apply(OfpAction.DecNwTtl(), OfpAction.Output(2)))));
        Assert.True(_p.Receive(1, Net.PingAtoB(ttl: 1)).Dropped);

        _p.InvalidTtlToController = true;
        var pin = Assert.Single(_p.Receive(1, Net.PingAtoB(ttl: 1)).PacketIns);
        Assert.Equal(PacketInReason.InvalidTtl, pin.Event.Reason);

        var forwarded = Assert.Single(_p.Receive(1, Net.PingAtoB(ttl: 9)).Outputs).Frame;
        Assert.Equal(8, Net.Parse(forwarded).Extract<IPv4Packet>().TimeToLive);
        Assert.True(Net.Parse(forwarded).Extract<IPv4Packet>().ValidIPChecksum);
    }

    [Fact]
    public void OutputInPortAndFlood_RespectIngressPort()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(1))));
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(2)), Out(OfpPortNo.InPort))));
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(3)), Out(OfpPortNo.Flood))));

        Assert.True(_p.Receive(1, Net.UdpAtoB()).Dropped);
        Assert.Equal([2u], _p.Receive(2, Net.UdpAtoB()).OutputPorts);
        Assert.Equal([1u, 2u, 4u], _p.Receive(3, Net.UdpAtoB()).OutputPorts);
    }

    [Fact]
    public void FlowRemoved_IdleTimeout_AfterIdlePeriodOnly()
    {
        var mod = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        mod.IdleTimeout = 10;
        mod.Flags = FlowModFlags.SendFlowRem;
        Ok(_p.ApplyFlowMod(mod));

        _clock.Advance(TimeSpan.FromSeconds(6));
        _p.Receive(1, Net.UdpAtoB()); // traffic refreshes the idle timer
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, _p.ExpireFlows());

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, _p.ExpireFlows());
        var (entry, reason) = Assert.Single(_removed);
        Assert.Equal(FlowRemovedReason.IdleTimeout, reason);
        Assert.Equal(1UL, entry.PacketCount);
        Assert.Equal(0, _p.FlowCount);
    }

    [Fact]
    public void FlowRemoved_HardTimeout_EvenWithTraffic()
    {
        var mod = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        mod.HardTimeout = 5;
        mod.IdleTimeout = 3;
        Ok(_p.ApplyFlowMod(mod));
        for (int i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            _p.Receive(1, Net.UdpAtoB());
            _p.ExpireFlows();
        }

        Assert.Equal(FlowRemovedReason.HardTimeout, Assert.Single(_removed).Reason);
    }

    [Fact]
    public void Delete_NonStrict_RemovesMoreSpecificEntries()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1), OxmEntry.EthDst(Net.MacB)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(20, Match(OxmEntry.InPort(1)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(30, Match(OxmEntry.InPort(2)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(40, Any, Out(2))));

        Ok(_p.ApplyFlowMod(Delete(Match(OxmEntry.InPort(1)))));

        Assert.Equal([30, 40], _p.Tables[0].Entries.Select(e => (int)e.Priority).Order());
        Assert.All(_removed, r => Assert.Equal(FlowRemovedReason.Delete, r.Reason));
        Assert.Equal(2, _removed.Count);
    }

    [Fact]
    public void Delete_Strict_RemovesOnlyExactMatchAndPriority()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1), OxmEntry.EthDst(Net.MacB)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(20, Match(OxmEntry.InPort(1)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(21, Match(OxmEntry.InPort(1)), Out(2))));

        Ok(_p.ApplyFlowMod(Delete(Match(OxmEntry.InPort(1)), strict: true, priority: 20, table: 0)));

        Assert.Equal([10, 21], _p.Tables[0].Entries.Select(e => (int)e.Priority).Order());
    }

    [Fact]
    public void Add_AfterStrictDeleteAndAddsBetween_EveryKeyStaysFindableOnce()
    {
        // An ADD reuses the bucket probe of its own identical-entry check; deletes, other keys and
        // priorities sharing a key in between must not make it insert into a stale slot.
        var b = Match(OxmEntry.InPort(1), OxmEntry.EthDst(Net.MacB));
        var c = Match(OxmEntry.InPort(1), OxmEntry.EthDst(Net.MacC));
        Ok(_p.ApplyFlowMod(Add(10, b, Out(2))));
        Ok(_p.ApplyFlowMod(Add(11, b, Out(3))));
        Ok(_p.ApplyFlowMod(Delete(b, strict: true, priority: 10, table: 0)));
        Ok(_p.ApplyFlowMod(Add(10, b, Out(4))));
        Ok(_p.ApplyFlowMod(Delete(b, strict: true, priority: 10, table: 0)));
        Ok(_p.ApplyFlowMod(Delete(b, strict: true, priority: 11, table: 0)));
        Ok(_p.ApplyFlowMod(Add(12, c, Out(2))));
        Ok(_p.ApplyFlowMod(Add(12, b, Out(3))));
        Ok(_p.ApplyFlowMod(Add(12, b, Out(4))));

        Assert.Equal(2, _p.Tables[0].Count);
        Assert.Equal([4u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
        Assert.Equal([2u], _p.Receive(1, FrameBuilder.Udp(new L2Header(Net.MacA, Net.MacC), Net.IpA, Net.IpB, 1, 2)).OutputPorts);
        Ok(_p.ApplyFlowMod(Delete(b, strict: true, priority: 12, table: 0)));
        Assert.Empty(_p.Receive(1, Net.UdpAtoB()).OutputPorts);
        Assert.Equal(1, _p.Tables[0].Count);
    }

    [Fact]
    public void Delete_CookieMask_SelectsByMaskedCookie()
    {
        for (ushort i = 1; i <= 4; i++)
        {
            var m = Add(i, Match(OxmEntry.InPort(i)), Out(2));
            m.Cookie = i <= 2 ? 0xAA00UL | i : 0xBB00UL | i;
            Ok(_p.ApplyFlowMod(m));
        }

        var delete = Delete(Any);
        delete.Cookie = 0xAA00;
        delete.CookieMask = 0xFF00;
        Ok(_p.ApplyFlowMod(delete));

        Assert.Equal([0xBB03UL, 0xBB04UL], _p.Tables[0].Entries.Select(e => e.Cookie).Order());
    }

    [Fact]
    public void Delete_OutPortFilter_OnlyEntriesOutputtingThere()
    {
        Ok(_p.ApplyFlowMod(Add(1, Match(OxmEntry.InPort(1)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(2, Match(OxmEntry.InPort(2)), Write(OfpAction.Output(3)))));
        Ok(_p.ApplyFlowMod(Add(3, Match(OxmEntry.InPort(3)), Out(3, 4))));
        var delete = Delete(Any);
        delete.OutPort = 3;
        Ok(_p.ApplyFlowMod(delete));
        Assert.Equal(1, Assert.Single(_p.Tables[0].Entries).Priority);
    }

    [Fact]
    public void Delete_TableAll_RemovesFromEveryTable()
    {
        Ok(_p.ApplyFlowMod(Add(0, 1, Any, Out(2))));
        Ok(_p.ApplyFlowMod(Add(4, 1, Any, Out(2))));
        Ok(_p.ApplyFlowMod(Delete(Any)));
        Assert.Equal(0, _p.FlowCount);
    }

    [Fact]
    public void Modify_NonStrict_ChangesInstructionsKeepsCountersAndCookie()
    {
        var add = Add(10, Match(OxmEntry.InPort(1), OxmEntry.EthDst(Net.MacB)), Out(2));
        add.Cookie = 5;
        Ok(_p.ApplyFlowMod(add));
        _p.Receive(1, Net.UdpAtoB());

        var modify = new FlowMod { Command = FlowModCommand.Modify, Match = [OxmEntry.InPort(1)], Instructions = [Out(4)], Cookie = 99 };
        Ok(_p.ApplyFlowMod(modify));

        var e = Assert.Single(_p.Tables[0].Entries);
        Assert.Equal(1UL, e.PacketCount);
        Assert.Equal(5UL, e.Cookie);
        Assert.Equal([4u], _p.Receive(1, Net.UdpAtoB()).OutputPorts);
    }

    [Fact]
    public void Modify_Strict_OnlyTheExactEntry_AndNeverAdds()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1), OxmEntry.EthDst(Net.MacB)), Out(2))));
        var modify = new FlowMod { Command = FlowModCommand.ModifyStrict, Priority = 10, Match = [OxmEntry.InPort(1)], Instructions = [Out(4)] };
        Ok(_p.ApplyFlowMod(modify));
        var missing = new FlowMod { Command = FlowModCommand.ModifyStrict, Priority = 99, Match = [OxmEntry.InPort(3)], Instructions = [Out(4)] };
        Ok(_p.ApplyFlowMod(missing));

        Assert.Equal(2, _p.FlowCount);
        Assert.Equal(1, _p.Tables[0].Entries.Count(e => e.OutputsTo(4)));
    }

    [Fact]
    public void PortDown_OutputIsDroppedAndCounted()
    {
        Ok(_p.ApplyFlowMod(Add(10, Any, Out(2))));
        _p.Ports[2].Config = PortConfig.PortDown;
        Assert.True(_p.Receive(1, Net.UdpAtoB()).Dropped);
        Assert.Equal(1UL, _p.Ports[2].TxDropped);
        Assert.Equal(1UL, _p.Ports[1].RxPackets);
    }

    [Fact]
    public void PacketOut_OutputTable_RunsThePipeline()
    {
        Ok(_p.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(3))));
        var result = new ApplyResult();
        using var buf = new PacketBuffer(Net.UdpAtoB());
        Ok(_p.ValidatePacketOut(1, [OfpAction.Output(OfpPortNo.Table)]));
        _p.PacketOut(1, buf, [OfpAction.Output(OfpPortNo.Table)], result);
        Assert.Equal([3u], result.OutputPorts);
    }
}
