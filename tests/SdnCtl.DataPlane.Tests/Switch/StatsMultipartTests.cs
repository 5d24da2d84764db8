using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Switch;

/// <summary>
/// What the controller's statistics collector relies on (spec 7.3.5.2, 7.3.5.3, 7.3.5.6): PORT_STATS
/// for one port or all, with drops and durations; AGGREGATE with the same filters as FLOW_STATS.
/// </summary>
public sealed class StatsMultipartTests
{
    private readonly SwitchHarness _h = new();

    [Fact]
    public void PortStats_OnePort_AnswersOnlyThatPortWithItsCountersAndDuration()
    {
        _h.Send(Add(10, Any, Out(2)));
        _h.Clock.Advance(TimeSpan.FromSeconds(7.25));
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());

        uint xid = _h.Send(new PortStatsRequest { PortNo = 2 });
        var reply = _h.Single<PortStatsReply>();

        Assert.Equal(xid, reply.Xid);
        var entry = Assert.Single(reply.Entries);
        Assert.Equal(2u, entry.PortNo);
        Assert.Equal((0UL, 2UL), (entry.RxPackets, entry.TxPackets));
        Assert.Equal((ulong)(2 * Net.UdpAtoB().Length), entry.TxBytes);
        Assert.Equal((7u, 250_000_000u), (entry.DurationSec, entry.DurationNsec));
    }

    [Fact]
    public void PortStats_UnknownPort_BadRequestBadPort()
    {
        _h.Send(new PortStatsRequest { PortNo = 99 });
        var error = _h.Single<ErrorMessage>();
        Assert.Equal((OfpErrorType.BadRequest, (ushort)BadRequestCode.BadPort), (error.ErrorType, error.Code));
        Assert.Empty(_h.Controller.OfType<PortStatsReply>());
    }

    [Fact]
    public void PortStats_FramesToADownPort_CountedAsTxDropped()
    {
        _h.Send(Add(10, Any, Out(2)));
        _h.Switch.SetLinkDown(2, true);
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Controller.Clear();

        _h.Send(new PortStatsRequest());
        var entries = _h.Single<PortStatsReply>().Entries;

        Assert.Equal([1u, 2u, 3u, 4u], entries.Select(e => e.PortNo));
        var down = entries.Single(e => e.PortNo == 2);
        Assert.Equal((0UL, 1UL), (down.TxPackets, down.TxDropped));
        Assert.Equal(1UL, entries.Single(e => e.PortNo == 1).RxPackets);
    }

    [Fact]
    public void AggregateStats_CookieMaskAndTable_FilterAsFlowStatsDo()
    {
        var a = Add(10, Match(OxmEntry.InPort(1)), Out(2));
        a.Cookie = 0x5dc5_0000_0000_0001;
        var b = Add(11, Match(OxmEntry.InPort(1)), Out(3));
        b.Cookie = 0x5dc5_0000_0000_0002;
        var c = Add(1, 5, Any, Out(4));
        c.Cookie = 0x1;
        _h.Send(a);
        _h.Send(b);
        _h.Send(c);
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());
        _h.Switch.ReceiveFrame(1, Net.UdpAtoB());

        _h.Send(new AggregateStatsRequest { Cookie = 0x5dc5_0000_0000_0000, CookieMask = 0xffff_0000_0000_0000 });
        var tenant = _h.Single<AggregateStatsReply>();
        Assert.Equal((2u, 3UL, (ulong)(3 * Net.UdpAtoB().Length)), (tenant.FlowCount, tenant.PacketCount, tenant.ByteCount));

        _h.Controller.Clear();
        _h.Send(new AggregateStatsRequest { TableId = 1 });
        var table1 = _h.Single<AggregateStatsReply>();
        Assert.Equal((1u, 0UL), (table1.FlowCount, table1.PacketCount));

        _h.Controller.Clear();
        _h.Send(new AggregateStatsRequest { TableId = 200 });
        Assert.Equal((ushort)BadRequestCode.BadTableId, _h.Single<ErrorMessage>().Code);
    }
}
