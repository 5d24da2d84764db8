using SdnCtl.Control.Statistics;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Statistics;

/// <summary>Rates from two samples: per port, per flow, and what a counter restart gives (never a negative rate).</summary>
public sealed class StatisticsSampleTests
{
    private const ulong Dpid = 0x42;
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PerSecond_CounterGrew_DividesByElapsedTime()
    {
        Assert.Equal(500, CounterRate.PerSecond(1_000, 2_000, TimeSpan.FromSeconds(2)));
        Assert.Equal(0.5, CounterRate.PerSecond(7, 8, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void PerSecond_CounterWentBack_IsZeroNotNegative()
    {
        Assert.Equal(0, CounterRate.PerSecond(5_000, 10, TimeSpan.FromSeconds(5)));
        Assert.Equal(0, CounterRate.PerSecond(ulong.MaxValue, 0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void PerSecond_NoTimeElapsed_IsZero()
    {
        Assert.Equal(0, CounterRate.PerSecond(1, 100, TimeSpan.Zero));
        Assert.Equal(0, CounterRate.PerSecond(1, 100, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Next_FirstSample_HasCountersButNoRates()
    {
        var s = StatisticsSample.Next(null, Dpid, [Port(1, 100, 200, 1)], [Flow(0x1, 10, 1000, 1)], T0);

        Assert.Null(s.SinceLast);
        var port = Assert.Single(s.Ports);
        Assert.Equal((100UL, 200UL), (port.Counters.RxBytes, port.Counters.TxBytes));
        Assert.Null(port.Rates);
        Assert.Null(Assert.Single(s.Flows).Rates);
    }

    [Fact]
    public void Next_SecondSample_RatesPerPortAndPerFlow()
    {
        var first = StatisticsSample.Next(null, Dpid, [Port(1, 100, 200, 1), Port(2, 0, 0, 1)], [Flow(0x1, 10, 1000, 1), Flow(0x2, 0, 0, 1)], T0);
        var second = StatisticsSample.Next(first, Dpid, [Port(1, 1100, 700, 6), Port(2, 0, 0, 6)], [Flow(0x1, 60, 6000, 6), Flow(0x2, 5, 500, 6)], T0.AddSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), second.SinceLast);
        PortRates p1 = second.Ports.Single(p => p.PortNo == 1).Rates!.Value;
        Assert.Equal((200.0, 100.0), (p1.RxBytes, p1.TxBytes));
        Assert.Equal(new PortRates(0, 0, 0, 0), second.Ports.Single(p => p.PortNo == 2).Rates);
        Assert.Equal(new FlowRates(1000, 10), second.Flows.Single(f => f.Entry.Cookie == 0x1).Rates);
        Assert.Equal(new FlowRates(100, 1), second.Flows.Single(f => f.Entry.Cookie == 0x2).Rates);
    }

    [Fact]
    public void Next_CountersLowerWithoutDurationSign_RatesAreZero()
    {
        // A switch that does not report durations (0) and restarted its counters.
        var first = StatisticsSample.Next(null, Dpid, [Port(1, 10_000, 10_000, 0)], [Flow(0x1, 100, 10_000, 0)], T0);
        var second = StatisticsSample.Next(first, Dpid, [Port(1, 50, 60, 0)], [Flow(0x1, 1, 50, 0)], T0.AddSeconds(5));

        PortRates rates = second.Ports.Single().Rates!.Value;
        Assert.Equal(new PortRates(0, 0, 0, 0), rates);
        Assert.Equal(new FlowRates(0, 0), second.Flows.Single().Rates);
    }

    [Fact]
    public void Next_PortOrFlowRecreated_RatesUnknownNotNegative()
    {
        var first = StatisticsSample.Next(null, Dpid, [Port(1, 10_000, 10_000, 100)], [Flow(0x1, 100, 10_000, 100)], T0);
        // Durations went back from 100 s to 2 s: both were re-created, and counted a little since.
        var second = StatisticsSample.Next(first, Dpid, [Port(1, 20_000, 30, 2)], [Flow(0x1, 200, 20_000, 2)], T0.AddSeconds(5));

        Assert.Null(second.Ports.Single().Rates);
        Assert.Null(second.Flows.Single().Rates);
    }

    [Fact]
    public void Next_FlowsTellApartByMatchAndPriority_NewFlowHasNoRate()
    {
        var a = Flow(0x1, 0, 0, 1, OxmEntry.InPort(1));
        var first = StatisticsSample.Next(null, Dpid, [], [a], T0);
        var sameCookieOtherMatch = Flow(0x1, 50, 5000, 3, OxmEntry.InPort(2));
        var second = StatisticsSample.Next(first, Dpid, [], [Flow(0x1, 10, 1000, 3, OxmEntry.InPort(1)), sameCookieOtherMatch], T0.AddSeconds(2));

        Assert.Equal(new FlowRates(500, 5), second.Flows.Single(f => f.Entry.Match[0] == OxmEntry.InPort(1)).Rates);
        Assert.Null(second.Flows.Single(f => f.Entry.Match[0] == OxmEntry.InPort(2)).Rates);
    }

    [Fact]
    public void Next_PreviousOfAnotherSwitch_Throws()
    {
        var other = StatisticsSample.Next(null, Dpid + 1, [], [], T0);
        Assert.Throws<ArgumentException>(() => StatisticsSample.Next(other, Dpid, [], [], T0));
    }

    private static PortStatsEntry Port(uint port, ulong rxBytes, ulong txBytes, uint durationSec) =>
        new() { PortNo = port, RxBytes = rxBytes, TxBytes = txBytes, RxPackets = rxBytes / 100, TxPackets = txBytes / 100, DurationSec = durationSec };

    private static FlowStatsEntry Flow(ulong cookie, ulong packets, ulong bytes, uint durationSec, params OxmEntry[] match) =>
        new() { Cookie = cookie, Priority = 100, PacketCount = packets, ByteCount = bytes, DurationSec = durationSec, Match = [.. match] };
}
