using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Switch;

/// <summary>The forwarding path allocates nothing per packet (measured on this thread, not timed).</summary>
public sealed class AllocationTests
{
    [Fact]
    public void ReceiveFrame_ForwardingWithRewritesGroupsAndMeters_AllocatesNothing()
    {
        var sw = new SimulatedSwitch(new SwitchOptions(), new ManualClock());
        for (uint p = 1; p <= 4; p++)
        {
            sw.AddPort(p);
        }

        sw.FrameTransmitter = new NullTransmitter();
        var session = sw.Attach(new TestChannel());
        Send(sw, session, new MeterMod { Command = MeterModCommand.Add, MeterId = 1, Flags = MeterFlags.Pktps, Bands = [OfpMeterBand.Drop(1_000_000)] });
        Send(sw, session, Group(1, GroupType.All, OfpBucket.Of(OfpAction.PushVlan(), OfpAction.SetVlanVid(5), OfpAction.Output(2)), OfpBucket.Of(OfpAction.Output(3))));
        Send(sw, session, Add(0, 10, Match(OxmEntry.InPort(1)), OfpInstruction.Meter(1), Apply(OfpAction.SetField(OxmEntry.Ipv4Dst(Net.IpC)), OfpAction.DecNwTtl()), OfpInstruction.WriteMetadata(7), OfpInstruction.GotoTable(1)));
        Send(sw, session, Add(1, 10, Match(OxmEntry.Metadata(7)), Write(OfpAction.Group(1))));
        var frame = Net.TcpAtoB();
        for (int i = 0; i < 100; i++)
        {
            sw.ReceiveFrame(1, frame);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sw.ReceiveFrame(1, frame);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1100UL, sw.Pipeline.Groups[1].PacketCount);
    }

    [Fact]
    public void HandleMessage_DeleteStrictOfEntriesWithoutSendFlowRem_AllocatesNothingAndSendsNothing()
    {
        const int n = 2000;
        var h = new SwitchHarness();
        var deletes = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            var match = Match(OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)i));
            h.Send(Add(100, match, Out(2)));
            var delete = Delete(match, strict: true, priority: 100, table: 0);
            delete.Xid = 1;
            deletes[i] = delete.ToArray();
        }

        // The last one carries OFPFF_SEND_FLOW_REM: it still gets its FLOW_REMOVED.
        var flagged = Add(100, Match(OxmEntry.InPort(2)), Out(3));
        flagged.Flags = FlowModFlags.SendFlowRem;
        h.Send(flagged);
        h.SendBytes(deletes[0]); // warm the delete path
        h.Controller.Clear();

        // Entry n - 1 stays, so that its subtable does not empty (dropping a subtable allocates, once).
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < n - 1; i++)
        {
            h.SendBytes(deletes[i]);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2, h.Switch.Pipeline.FlowCount);
        Assert.Empty(h.Controller.Received);

        h.Send(Delete(Match(OxmEntry.InPort(2)), strict: true, priority: 100, table: 0));
        Assert.Equal(FlowRemovedReason.Delete, h.Single<FlowRemoved>().Reason);
        Assert.Equal(1, h.Switch.Pipeline.FlowCount);
    }

    private static void Send(SimulatedSwitch sw, ControllerSession session, OfpMessage m) => sw.HandleMessage(session, m.ToArray());

    private sealed class NullTransmitter : IFrameTransmitter
    {
        public int Count { get; private set; }

        public void Transmit(SimulatedSwitch source, uint port, ReadOnlySpan<byte> frame) => Count++;
    }
}
