using System.Buffers.Binary;
using PacketDotNet;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Switch;

/// <summary>The switch driven end to end with encoded OpenFlow bytes, as a controller would.</summary>
public sealed class SimulatedSwitchTests
{
    private readonly SwitchHarness _h = new();

    [Fact]
    public void Attach_SendsHelloWithVersionBitmap()
    {
        var sw = new SimulatedSwitch();
        var channel = new TestChannel();
        sw.Attach(channel);
        var hello = Assert.IsType<Hello>(Assert.Single(channel.Received));
        Assert.True(hello.SupportsVersion(OfpConstants.Version));
    }

    [Fact]
    public void Hello_OnlyOlderVersion_AnswersHelloFailedAndCloses()
    {
        var sw = new SimulatedSwitch();
        var channel = new TestChannel();
        var session = sw.Attach(channel);
        var hello = Hello.ForVersions(0x01);
        hello.Xid = 9;
        sw.HandleMessage(session, hello.ToArray());

        var error = Assert.IsType<ErrorMessage>(channel.Received[^1]);
        Assert.Equal(OfpErrorType.HelloFailed, error.ErrorType);
        Assert.Equal((ushort)HelloFailedCode.Incompatible, error.Code);
        Assert.True(channel.Closed);
        Assert.Empty(sw.Sessions);
    }

    [Fact]
    public void FeaturesRequest_RepliesWithDatapathIdAndTableCount()
    {
        uint xid = _h.Send(new FeaturesRequest());
        var reply = _h.Single<FeaturesReply>();
        Assert.Equal(xid, reply.Xid);
        Assert.Equal(0xabcUL, reply.DatapathId);
        Assert.Equal(8, reply.NTables);
    }

    [Fact]
    public void EchoRequest_EchoesData()
    {
        uint xid = _h.Send(new EchoRequest { Data = new byte[] { 1, 2, 3 } });
        var reply = _h.Single<EchoReply>();
        Assert.Equal(xid, reply.Xid);
        Assert.Equal(new byte[] { 1, 2, 3 }, reply.Data.ToArray());
    }

    [Fact]
    public void SetConfigThenGetConfig_ReturnsMissSendLen()
    {
        _h.Send(new SetConfig { MissSendLen = 300, Flags = ConfigFlags.FragDrop });
        _h.Send(new GetConfigRequest());
        var reply = _h.Single<GetConfigReply>();
        Assert.Equal(300, reply.MissSendLen);
        Assert.Equal(ConfigFlags.FragDrop, reply.Flags);
    }

    [Fact]
    public void SetConfigFragDrop_DropsIpFragments_FragReasmIsRefused()
    {
        _h.Send(Add(10, Any, Out(2)));
        _h.Send(new SetConfig { Flags = ConfigFlags.FragDrop, MissSendLen = 128 });
        var fragment = Net.UdpAtoB();
        fragment[14 + 6] = 0x20; // IPv4 MF: a first fragment
        PacketRewriter.FixIpv4HeaderChecksum(fragment.AsSpan(14, 20));
        _h.Switch.ReceiveFrame(1, fragment);
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        Assert.Single(_h.Wire.Frames);

        _h.Send(new SetConfig { Flags = ConfigFlags.FragReasm });
        var error = _h.Single<ErrorMessage>();
        Assert.Equal((OfpErrorType.SwitchConfigFailed, (ushort)SwitchConfigFailedCode.BadFlags), (error.ErrorType, error.Code));
    }

    [Fact]
    public void FlowModBytes_ThenFrame_ForwardsWithVlanPushed()
    {
        _h.Send(Add(10, Match(OxmEntry.InPort(1)), Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid(42), OfpAction.Output(3))));
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());

        var (port, frame) = Assert.Single(_h.Wire.Frames);
        Assert.Equal(3u, port);
        Assert.Equal(42, Net.Parse(frame).Extract<Ieee8021QPacket>().VlanIdentifier);
        Assert.Empty(_h.Controller.OfType<ErrorMessage>());
    }

    [Fact]
    public void TableMiss_SendsPacketInTruncatedToMaxLen_WithNoBuffer()
    {
        _h.Send(Add(0, Any, Apply(OfpAction.ToController(20))));
        var frame = Net.UdpAtoB();
        _h.Switch.ReceiveFrame(2, frame);

        var pin = _h.Single<PacketIn>();
        Assert.Equal(PacketInReason.NoMatch, pin.Reason);
        Assert.Equal(OfpConstants.NoBuffer, pin.BufferId);
        Assert.Equal(2u, pin.InPort);
        Assert.Equal(frame.Length, pin.TotalLength);
        Assert.Equal(frame.AsSpan(0, 20).ToArray(), pin.Data.ToArray());
    }

    [Fact]
    public void PacketIn_WithNoBufferMaxLen_CarriesWholeFrame()
    {
        _h.Send(Add(0, Any, Apply(OfpAction.ToController())));
        var frame = FrameBuilder.Lldp(Net.MacA, 7, 3);
        _h.Switch.ReceiveFrame(1, frame);
        Assert.Equal(frame, _h.Single<PacketIn>().Data.ToArray());
    }

    [Fact]
    public void PacketOut_ToPortAndViaTable()
    {
        var lldp = FrameBuilder.Lldp(0x020000000001, 0xabc, 2);
        _h.Send(new PacketOut { InPort = OfpPortNo.Controller, Actions = [OfpAction.Output(2)], Data = lldp });
        var sent = Assert.Single(_h.Wire.Frames);
        Assert.Equal(2u, sent.Port);
        Assert.Equal(lldp, sent.Frame);

        _h.Wire.Frames.Clear();
        _h.Send(Add(10, Match(OxmEntry.InPort(1)), Out(4)));
        _h.Send(new PacketOut { InPort = 1, Actions = [OfpAction.Output(OfpPortNo.Table)], Data = Net.UdpAtoB() });
        Assert.Equal(4u, Assert.Single(_h.Wire.Frames).Port);
        Assert.Empty(_h.Controller.OfType<ErrorMessage>());
    }

    [Fact]
    public void PacketOut_WithBufferId_FailsWithBufferUnknown()
    {
        _h.Send(new PacketOut { BufferId = 5, Actions = [OfpAction.Output(2)] });
        var error = _h.Single<ErrorMessage>();
        Assert.Equal(OfpErrorType.BadRequest, error.ErrorType);
        Assert.Equal((ushort)BadRequestCode.BufferUnknown, error.Code);
    }

    [Fact]
    public void Barrier_RepliesAfterEverythingBefore_IncludingErrors()
    {
        int flowsWhenBarrierAnswered = -1;
        var recorder = new CallbackChannel(m =>
        {
            if (m is BarrierReply)
            {
                flowsWhenBarrierAnswered = _h.Switch.Pipeline.FlowCount;
            }
        });
        var session = _h.Switch.Attach(recorder);
        _h.Switch.HandleMessage(session, Hello.ForVersions(OfpConstants.Version).ToArray());

        var bad = Add(9, 10, Any, Out(2));
        bad.Xid = 1;
        var good1 = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        good1.Xid = 2;
        var good2 = Add(10, Match(OxmEntry.InPort(2)), Out(3));
        good2.Xid = 3;
        var barrier = new BarrierRequest { Xid = 4 };
        foreach (var m in new OfpMessage[] { bad, good1, good2, barrier })
        {
            _h.Switch.HandleMessage(session, m.ToArray());
        }

        var replies = recorder.Received.Where(m => m is not Hello).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Equal((OfpType.Error, 1u), (replies[0].Type, replies[0].Xid));
        Assert.Equal((OfpType.BarrierReply, 4u), (replies[1].Type, replies[1].Xid));
        Assert.Equal(2, flowsWhenBarrierAnswered);
    }

    [Fact]
    public void FlowStats_WithFilters_ReturnsMatchingEntriesWithCounters()
    {
        var a = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        a.Cookie = 0x100;
        var b = Add(20, Match(OxmEntry.InPort(2)), Out(3));
        b.Cookie = 0x200;
        _h.Send(a);
        _h.Send(b);
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());

        _h.Send(new FlowStatsRequest { TableId = OfpConstants.TableAll, OutPort = 2 });
        var byPort = _h.Single<FlowStatsReply>();
        var entry = Assert.Single(byPort.Entries);
        Assert.Equal(0x100UL, entry.Cookie);
        Assert.Equal(2UL, entry.PacketCount);
        Assert.Equal((ulong)(2 * Net.UdpAtoB().Length), entry.ByteCount);
        Assert.Equal([OxmEntry.InPort(1)], entry.Match);
        Assert.Equal(MultipartReplyFlags.None, byPort.Flags);

        _h.Controller.Clear();
        _h.Send(new FlowStatsRequest { Cookie = 0x200, CookieMask = 0xf00 });
        Assert.Equal(0x200UL, Assert.Single(_h.Single<FlowStatsReply>().Entries).Cookie);

        _h.Controller.Clear();
        _h.Send(new AggregateStatsRequest());
        var agg = _h.Single<AggregateStatsReply>();
        Assert.Equal(2u, agg.FlowCount);
        Assert.Equal(2UL, agg.PacketCount);
    }

    [Fact]
    public void FlowStats_LargerThanOneMessage_SplitsWithReplyMore()
    {
        var h = new SwitchHarness(new SwitchOptions { MaxMultipartReplyBytes = 2048 });
        for (uint i = 1; i <= 100; i++)
        {
            h.Send(Add(10, Match(OxmEntry.EthType(EtherTypes.Ipv4), OxmEntry.Ipv4Dst(0x0a000000 | i)), Out(2)));
        }

        uint xid = h.Send(new FlowStatsRequest());
        var parts = h.Controller.OfType<FlowStatsReply>();

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(p.Length <= 2048));
        Assert.All(parts, p => Assert.Equal(xid, p.Xid));
        Assert.All(parts[..^1], p => Assert.Equal(MultipartReplyFlags.ReplyMore, p.Flags));
        Assert.Equal(MultipartReplyFlags.None, parts[^1].Flags);
        Assert.Equal(100, parts.Sum(p => p.Entries.Count));
    }

    [Fact]
    public void FlowStats_Over64KiB_SplitsUnderTheWireLimit()
    {
        for (uint i = 1; i <= 1200; i++)
        {
            _h.Send(Add(10, Match(OxmEntry.EthType(EtherTypes.Ipv4), OxmEntry.Ipv4Dst(0x0a000000 | i)), Apply(OfpAction.SetField(OxmEntry.EthDst(i)), OfpAction.Output(2))));
        }

        _h.Send(new FlowStatsRequest());
        var parts = _h.Controller.OfType<FlowStatsReply>();
        Assert.True(parts.Count >= 2);
        Assert.All(parts, p => Assert.True(p.Length <= OfpConstants.MaxMessageSize));
        Assert.Equal(1200, parts.Sum(p => p.Entries.Count));
    }

    [Fact]
    public void MalformedMessages_AreAnsweredWithErrors_AndTheSwitchKeepsRunning()
    {
        // Length field larger than the frame.
        var truncated = new FeaturesRequest { Xid = 77 }.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(2), 40);
        _h.SendBytes(truncated);
        var e1 = Assert.IsType<ErrorMessage>(_h.Controller.Received[^1]);
        Assert.Equal(OfpErrorType.BadRequest, e1.ErrorType);
        Assert.Equal((ushort)BadRequestCode.BadLen, e1.Code);
        Assert.Equal(77u, e1.Xid);

        // Unknown message type.
        var unknown = new EchoRequest { Xid = 78 }.ToArray();
        unknown[1] = 99;
        _h.SendBytes(unknown);
        var e2 = Assert.IsType<ErrorMessage>(_h.Controller.Received[^1]);
        Assert.Equal((ushort)BadRequestCode.BadType, e2.Code);

        // A flow-mod whose OXM has an unknown field.
        var flowMod = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        flowMod.Xid = 79;
        var bytes = flowMod.ToArray();
        bytes[OfpConstants.FlowModSize - OfpConstants.EmptyMatchSize + 4 + 2] = 0x7f << 1; // oxm_field 127
        _h.SendBytes(bytes);
        var e3 = Assert.IsType<ErrorMessage>(_h.Controller.Received[^1]);
        Assert.Equal(OfpErrorType.BadMatch, e3.ErrorType);
        Assert.Equal(79u, e3.Xid);

        // A switch-to-controller message sent to the switch.
        _h.Send(new PacketIn { Xid = 80 });
        Assert.Equal((ushort)BadRequestCode.BadType, Assert.IsType<ErrorMessage>(_h.Controller.Received[^1]).Code);

        _h.Send(new EchoRequest { Xid = 81 });
        Assert.Equal(81u, Assert.IsType<EchoReply>(_h.Controller.Received[^1]).Xid);
        Assert.Equal(0, _h.Switch.Pipeline.FlowCount);
    }

    [Fact]
    public void FlowRemoved_SentForIdleHardAndDelete_WhenRequested()
    {
        var idle = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        idle.IdleTimeout = 5;
        idle.Flags = FlowModFlags.SendFlowRem;
        var hard = Add(10, Match(OxmEntry.InPort(2)), Out(2));
        hard.HardTimeout = 20;
        hard.Flags = FlowModFlags.SendFlowRem;
        var deleted = Add(10, Match(OxmEntry.InPort(3)), Out(2));
        deleted.Cookie = 33;
        deleted.Flags = FlowModFlags.SendFlowRem;
        var silent = Add(10, Match(OxmEntry.InPort(4)), Out(2));
        silent.IdleTimeout = 1;
        foreach (var m in new[] { idle, hard, deleted, silent })
        {
            _h.Send(m);
        }

        _h.Clock.Advance(TimeSpan.FromSeconds(6));
        _h.Switch.Tick();
        _h.Clock.Advance(TimeSpan.FromSeconds(15));
        _h.Switch.Tick();
        _h.Send(Delete(Match(OxmEntry.InPort(3))));

        var removed = _h.Controller.OfType<FlowRemoved>();
        Assert.Equal([FlowRemovedReason.IdleTimeout, FlowRemovedReason.HardTimeout, FlowRemovedReason.Delete], removed.Select(r => r.Reason));
        Assert.Equal(21u, removed[1].DurationSec); // noticed at the tick after 21 s
        Assert.Equal(33UL, removed[2].Cookie);
        Assert.Equal([OxmEntry.InPort(3)], removed[2].Match);
        Assert.Equal(0, _h.Switch.Pipeline.FlowCount);
    }

    [Fact]
    public void PortMod_PortDown_SendsPortStatusAndStopsForwarding()
    {
        _h.Send(Add(10, Any, Out(2)));
        var port = _h.Switch.Pipeline.Ports[2];
        _h.Send(new PortMod { PortNo = 2, HwAddr = port.HwAddr, Config = PortConfig.PortDown, Mask = PortConfig.PortDown });

        var status = _h.Single<PortStatus>();
        Assert.Equal(PortReason.Modify, status.Reason);
        Assert.Equal(2u, status.Port.PortNo);
        Assert.True((status.Port.Config & PortConfig.PortDown) != 0);

        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        Assert.Empty(_h.Wire.Frames);
    }

    [Fact]
    public void PortMod_WrongHwAddrOrPort_Fails()
    {
        _h.Send(new PortMod { PortNo = 2, HwAddr = 1, Config = PortConfig.PortDown, Mask = PortConfig.PortDown });
        Assert.Equal((ushort)PortModFailedCode.BadHwAddr, _h.Single<ErrorMessage>().Code);
        _h.Controller.Clear();
        _h.Send(new PortMod { PortNo = 99 });
        Assert.Equal((ushort)PortModFailedCode.BadPort, _h.Single<ErrorMessage>().Code);
    }

    [Fact]
    public void LinkDown_SendsPortStatusAndFailsOverGroup()
    {
        _h.Send(Group(1, GroupType.FastFailover,
            new OfpBucket { WatchPort = 2, Actions = [OfpAction.Output(2)] },
            new OfpBucket { WatchPort = 3, Actions = [OfpAction.Output(3)] }));
        _h.Send(Add(10, Any, Apply(OfpAction.Group(1))));
        _h.Switch.SetLinkDown(2, true);
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());

        Assert.True((_h.Single<PortStatus>().Port.State & PortState.LinkDown) != 0);
        Assert.Equal(3u, Assert.Single(_h.Wire.Frames).Port);
    }

    [Fact]
    public void PortDescAndPortStats_ReportPortsAndCounters()
    {
        _h.Send(Add(10, Any, Out(2)));
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Send(new PortDescRequest());
        Assert.Equal([1u, 2u, 3u, 4u], _h.Single<PortDescReply>().Ports.Select(p => p.PortNo));

        _h.Send(new PortStatsRequest { PortNo = OfpPortNo.Any });
        var stats = _h.Single<PortStatsReply>().Entries;
        Assert.Equal(1UL, stats.Single(s => s.PortNo == 1).RxPackets);
        Assert.Equal(1UL, stats.Single(s => s.PortNo == 2).TxPackets);
        Assert.Equal((ulong)Net.UdpAtoB().Length, stats.Single(s => s.PortNo == 2).TxBytes);
    }

    [Fact]
    public void TableStats_CountLookupsAndMatches()
    {
        _h.Send(Add(10, Match(OxmEntry.InPort(1)), Out(2)));
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Switch.ReceiveFrame(3, Net.UdpAtoB());
        _h.Send(new TableStatsRequest());
        var t0 = _h.Single<TableStatsReply>().Entries[0];
        Assert.Equal((1u, 2UL, 1UL), (t0.ActiveCount, t0.LookupCount, t0.MatchedCount));
    }

    [Fact]
    public void GroupAndMeterMultiparts_DescribeInstalledState()
    {
        _h.Send(Group(7, GroupType.All, OfpBucket.Of(OfpAction.Output(2))));
        _h.Send(new MeterMod { Command = MeterModCommand.Add, MeterId = 3, Flags = MeterFlags.Pktps, Bands = [OfpMeterBand.Drop(1000)] });
        _h.Send(Add(10, Any, OfpInstruction.Meter(3), Apply(OfpAction.Group(7))));
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());

        _h.Send(new GroupDescRequest());
        _h.Send(new GroupStatsRequest());
        _h.Send(new GroupFeaturesRequest());
        _h.Send(new MeterConfigRequest());
        _h.Send(new MeterStatsRequest());
        _h.Send(new MeterFeaturesRequest());
        _h.Send(new DescRequest());

        Assert.Equal(GroupType.All, Assert.Single(_h.Single<GroupDescReply>().Entries).GroupType);
        var gs = Assert.Single(_h.Single<GroupStatsReply>().Entries);
        Assert.Equal((7u, 1u, 1UL), (gs.GroupId, gs.RefCount, gs.PacketCount));
        Assert.NotEqual(0u, _h.Single<GroupFeaturesReply>().Types);
        Assert.Equal(1000u, Assert.Single(Assert.Single(_h.Single<MeterConfigReply>().Entries).Bands).Rate);
        var ms = Assert.Single(_h.Single<MeterStatsReply>().Entries);
        Assert.Equal((1u, 1UL), (ms.FlowCount, ms.PacketInCount));
        Assert.True(_h.Single<MeterFeaturesReply>().MaxMeter > 0);
        Assert.Equal("dpid:0000000000000abc", _h.Single<DescReply>().DpDesc);
        Assert.Empty(_h.Controller.OfType<ErrorMessage>());
    }

    [Fact]
    public void RoleSlave_RejectsStateChanges_MasterDemotesOtherMaster()
    {
        var other = new TestChannel();
        var otherSession = _h.Switch.Attach(other);
        _h.Switch.HandleMessage(otherSession, Hello.ForVersions(OfpConstants.Version).ToArray());

        _h.Send(new RoleRequest { Role = ControllerRole.Master, GenerationId = 1 });
        Assert.Equal(ControllerRole.Master, _h.Single<RoleReply>().Role);
        _h.Switch.HandleMessage(otherSession, new RoleRequest { Xid = 5, Role = ControllerRole.Master, GenerationId = 2 }.ToArray());
        Assert.Equal(ControllerRole.Slave, _h.Session.Role);
        Assert.Equal(ControllerRole.Master, otherSession.Role);

        _h.Controller.Clear();
        _h.Send(Add(10, Any, Out(2)));
        var error = _h.Single<ErrorMessage>();
        Assert.Equal((OfpErrorType.BadRequest, (ushort)BadRequestCode.IsSlave), (error.ErrorType, error.Code));
        Assert.Equal(0, _h.Switch.Pipeline.FlowCount);

        _h.Controller.Clear();
        _h.Send(new RoleRequest { Role = ControllerRole.Master, GenerationId = 1 });
        Assert.Equal((ushort)RoleRequestFailedCode.Stale, _h.Single<ErrorMessage>().Code);
    }

    [Fact]
    public void SetAsync_FiltersPacketIns_GetAsyncReportsIt()
    {
        _h.Send(Add(0, Any, Apply(OfpAction.ToController())));
        var setAsync = new SetAsync();
        setAsync.PacketInMask[0] = 1u << (int)PacketInReason.Action;
        setAsync.PortStatusMask[0] = 0;
        setAsync.FlowRemovedMask[0] = 0;
        _h.Send(setAsync);
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        Assert.Empty(_h.Controller.OfType<PacketIn>());

        _h.Send(new GetAsyncRequest());
        Assert.Equal(1u << (int)PacketInReason.Action, _h.Single<GetAsyncReply>().PacketInMask[0]);
    }

    [Fact]
    public void Trace_ReportsTablesRulesAndActions()
    {
        _h.Send(Add(0, 10, Match(OxmEntry.InPort(1)), OfpInstruction.GotoTable(1)));
        var second = Add(1, 20, Match(OxmEntry.EthDst(Net.MacB)), Apply(OfpAction.SetVlanVid(5), OfpAction.Output(3)));
        second.Cookie = 0xfeed;
        _h.Send(second);

        var result = _h.Switch.Trace(1, Net.UdpAtoB());

        var lookups = result.Trace!.Steps.Where(s => s.Kind == "lookup").ToList();
        Assert.Equal([0, 1], lookups.Select(l => l.TableId));
        Assert.Equal(0xfeedUL, lookups[1].Cookie);
        Assert.Equal(20, lookups[1].Priority);
        Assert.Contains(result.Trace.Steps, s => s.Kind == "output" && s.Description == "port 3");
        Assert.Equal([3u], result.OutputPorts);
        Assert.Empty(_h.Wire.Frames);
    }

    [Fact]
    public void ReceiveFrame_FromManyThreads_IsSerialized()
    {
        _h.Send(Add(10, Any, Out(2)));
        const int PerThread = 500;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            var frame = Net.UdpAtoB();
            for (int i = 0; i < PerThread; i++)
            {
                _h.Switch.ReceiveFrame(1, frame);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var entry = Assert.Single(_h.Switch.Pipeline.Tables[0].Entries);
        Assert.Equal(4UL * PerThread, entry.PacketCount);
        Assert.Equal(4 * PerThread, _h.Wire.Frames.Count);
    }

    private sealed class CallbackChannel(Action<OfpMessage> onSend) : IControllerChannel
    {
        public List<OfpMessage> Received { get; } = [];

        public void Send(OfpMessage message)
        {
            onSend(message);
            Received.Add(OfpCodec.Decode(message.ToArray()));
        }

        public void Flush()
        {
        }

        public void Close()
        {
        }
    }
}
