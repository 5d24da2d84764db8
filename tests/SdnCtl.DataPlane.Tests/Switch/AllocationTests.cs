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

    private static void Send(SimulatedSwitch sw, ControllerSession session, OfpMessage m) => sw.HandleMessage(session, m.ToArray());

    private sealed class NullTransmitter : IFrameTransmitter
    {
        public int Count { get; private set; }

        public void Transmit(SimulatedSwitch source, uint port, ReadOnlySpan<byte> frame) => Count++;
    }
}
