using SdnCtl.Control.Statistics;
using SdnCtl.Control.Switches;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Statistics;

/// <summary>The collector against the Lab's fake switches and manual clock: requests per round, rates, slow switches, reconnects, tenants.</summary>
public sealed class StatisticsCollectorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PollAsync_EverySwitch_OnePortAndOneFlowRequestEach()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        var counters = Counters(lab);
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero }, lab.Time);

        PollRoundResult result = await collector.PollAsync();

        Assert.Equal(new PollRoundResult(3, 0, 0), result);
        Assert.All(counters.Values, c => Assert.Equal((1, 1), (c.PortRequests, c.FlowRequests)));
        Assert.Equal([1UL, 2UL, 3UL], collector.Samples.Select(s => s.DatapathId));
        Assert.Equal(1, collector.RoundsCompleted);
    }

    [Fact]
    public async Task PollAsync_Twice_RatesFromCounterGrowthOverClockTime()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        var counters = Counters(lab);
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero }, lab.Time);
        ulong s1 = lab.Dpid("s1");
        counters[s1].SetPort(1, rxBytes: 1_000, txBytes: 0, rxPackets: 10);
        counters[s1].SetFlows(new FlowStatsEntry { Cookie = 0x77, Priority = 10, ByteCount = 100, PacketCount = 1 });
        await collector.PollAsync();

        counters[s1].SetPort(1, rxBytes: 11_000, txBytes: 2_500, rxPackets: 60, txPackets: 5);
        counters[s1].SetFlows(new FlowStatsEntry { Cookie = 0x77, Priority = 10, ByteCount = 5_100, PacketCount = 21 });
        lab.Time.Advance(Interval);
        await collector.PollAsync();

        SwitchStatistics sample = collector.Sample(s1)!;
        Assert.Equal(Interval, sample.SinceLast);
        Assert.Equal(new PortRates(2_000, 500, 10, 1), sample.Ports.Single(p => p.PortNo == 1).Rates);
        Assert.Equal(new FlowRates(1_000, 4), Assert.Single(sample.Flows).Rates);
        Assert.Equal(lab.Time.GetUtcNow(), sample.SampledAt);
    }

    [Fact]
    public async Task Periodic_SlowSwitch_IsSkippedWhileBusy_OtherSwitchesKeepTheirRounds()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        var counters = Counters(lab);
        SwitchCounters slow = counters[lab.Dpid("s1")];
        slow.Hold();

        // s1 must stay busy through three rounds: its request timeout outlasts them on the test's clock.
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = Interval, RequestTimeout = 10 * Interval }, lab.Time);
        var rounds = new List<PollRoundResult>();
        var twoDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        collector.RoundCompleted += (_, r) =>
        {
            lock (rounds)
            {
                rounds.Add(r);
                if (rounds.Count == 2)
                {
                    twoDone.TrySetResult();
                }
            }
        };
        collector.Start();

        // Round 1 waits on s1; rounds 2 and 3 find s1 busy and poll the others only.
        lab.Time.Advance(Interval);
        Assert.True(SpinWait.SpinUntil(() => collector.Sample(lab.Dpid("s2")) is not null && collector.Sample(lab.Dpid("s3")) is not null, ControlPlaneTimeout));
        lab.Time.Advance(Interval);
        Assert.True(SpinWait.SpinUntil(() => collector.RoundsCompleted == 1, ControlPlaneTimeout));
        lab.Time.Advance(Interval);
        await twoDone.Task.WaitAsync(ControlPlaneTimeout);

        Assert.Equal((1, 1), (slow.PortRequests, slow.FlowRequests));
        Assert.Equal(2, collector.PollsSkipped);
        Assert.All(counters.Where(c => c.Key != lab.Dpid("s1")).Select(c => c.Value), c => Assert.Equal(3, c.PortRequests));
        lock (rounds)
        {
            Assert.All(rounds, r => Assert.Equal(new PollRoundResult(2, 1, 0), r));
        }

        slow.Release();
        await collector.PollAsync().WaitAsync(ControlPlaneTimeout);
        Assert.Equal(2, slow.PortRequests);
        Assert.NotNull(collector.Sample(lab.Dpid("s1")));
    }

    [Fact]
    public async Task Reconnect_CountersStartOver_NoRatesAcrossSessionsAndNoneNegative()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));
        var counters = Counters(lab);
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero }, lab.Time);
        ulong s1 = lab.Dpid("s1");
        counters[s1].SetPort(1, rxBytes: 1_000_000, txBytes: 1_000_000, durationSec: 500);
        await collector.PollAsync();
        lab.Time.Advance(Interval);
        counters[s1].SetPort(1, rxBytes: 2_000_000, txBytes: 2_000_000, durationSec: 505);
        await collector.PollAsync();
        Assert.Equal(200_000, collector.Sample(s1)!.Ports.Single(p => p.PortNo == 1).Rates!.Value.RxBytes);

        // The switch restarts: a new session whose counters start from (almost) nothing.
        var (_, fresh) = lab.Network.Reconnect(s1);
        await lab.SettleAsync();
        var restarted = new SwitchCounters(fresh);
        restarted.SetPort(1, rxBytes: 300, txBytes: 300, durationSec: 1);
        lab.Time.Advance(Interval);
        await collector.PollAsync();
        Assert.Null(collector.Sample(s1)!.Ports.Single(p => p.PortNo == 1).Rates);

        restarted.SetPort(1, rxBytes: 800, txBytes: 300, durationSec: 6);
        lab.Time.Advance(Interval);
        await collector.PollAsync();
        var rates = collector.Sample(s1)!.Ports.Single(p => p.PortNo == 1).Rates!.Value;
        Assert.Equal(new PortRates(100, 0, 0, 0), rates);
    }

    [Fact]
    public async Task PollAsync_SwitchFails_CountedAsFailed_OthersSampled()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        var counters = Counters(lab);
        counters[lab.Dpid("s2")].Failure = new SwitchDisconnectedException("gone");
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero }, lab.Time);

        PollRoundResult result = await collector.PollAsync();

        Assert.Equal(new PollRoundResult(2, 0, 1), result);
        Assert.Equal(1, collector.PollsFailed);
        Assert.Null(collector.Sample(lab.Dpid("s2")));
        Assert.NotNull(collector.Sample(lab.Dpid("s3")));
    }

    [Fact]
    public async Task PollAsync_SwitchNeverAnswers_FailsAfterRequestTimeoutOnTheCollectorsClock()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));
        var counters = Counters(lab);
        SwitchCounters silent = counters[lab.Dpid("s1")];
        silent.Hold();
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero, RequestTimeout = TimeSpan.FromHours(1) }, lab.Time);

        Task<PollRoundResult> polling = collector.PollAsync();
        Assert.True(SpinWait.SpinUntil(() => silent.PortRequests == 1 && silent.FlowRequests == 1 && collector.Sample(lab.Dpid("s2")) is not null, ControlPlaneTimeout));
        Assert.False(polling.IsCompleted);

        // The hour passes on the clock the collector was given, not on the wall: a timeout on any other
        // clock fires at a moment the test cannot choose (on a loaded machine, in the middle of a test
        // that keeps a switch busy on purpose), or here not within the wait at all.
        lab.Time.Advance(TimeSpan.FromHours(1));
        PollRoundResult result = await polling.WaitAsync(ControlPlaneTimeout);

        Assert.Equal(new PollRoundResult(1, 0, 1), result);
        Assert.Equal(1, collector.PollsFailed);
        Assert.Null(collector.Sample(lab.Dpid("s1")));
    }

    [Fact]
    public async Task Disconnect_SwitchSampleDisappears()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(2));
        Counters(lab);
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero }, lab.Time);
        await collector.PollAsync();
        Assert.NotNull(collector.Sample(lab.Dpid("s2")));

        lab.Network.Disconnect(lab.Dpid("s2"));
        await lab.SettleAsync();

        Assert.Null(collector.Sample(lab.Dpid("s2")));
        Assert.Equal(new PollRoundResult(1, 0, 0), await collector.PollAsync());
        Assert.Equal([lab.Dpid("s1")], collector.Samples.Select(s => s.DatapathId));
    }

    [Fact]
    public async Task ForTenant_SumsItsAccessPorts_ByDeclaredNameOrDatapathId()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3), declare: true);
        var counters = Counters(lab);
        await using var collector = new StatisticsCollector(lab.Controller, new StatisticsOptions { Interval = TimeSpan.Zero }, lab.Time);
        counters[lab.Dpid("s1")].SetPort(1, rxBytes: 100, txBytes: 1_000);
        counters[lab.Dpid("s3")].SetPort(1, rxBytes: 50, txBytes: 500);
        counters[lab.Dpid("s2")].SetPort(1, rxBytes: 999_999, txBytes: 999_999);
        await collector.PollAsync();
        counters[lab.Dpid("s1")].SetPort(1, rxBytes: 600, txBytes: 1_000);
        counters[lab.Dpid("s3")].SetPort(1, rxBytes: 50, txBytes: 3_000);
        lab.Time.Advance(Interval);
        await collector.PollAsync();

        string s3 = lab.Dpid("s3").ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var tenant = new TenantSpec("a", [
            new SegmentSpec("web", SegmentKind.Vlan, 10, null, 0, [MemberSpec.ForPort(new PortRef("s1", 1)), MemberSpec.ForMac(0x0a0000000001)]),
            new SegmentSpec("db", SegmentKind.Vlan, 20, null, 0, [MemberSpec.ForPort(new PortRef(s3, 1)), MemberSpec.ForPort(new PortRef("nosuch", 1))]),
        ]);

        TenantStatistics stats = collector.ForTenant(tenant);

        Assert.Equal((650UL, 4_000UL), (stats.Counters.RxBytes, stats.Counters.TxBytes));
        Assert.Equal(new PortRates(100, 500, 0, 0), stats.Rates);
        Assert.Equal(3, stats.Ports.Length);
        Assert.Null(stats.Ports.Single(p => p.Member.Switch == "nosuch").Port);
        Assert.Equal(lab.Time.GetUtcNow(), stats.SampledAt);
    }

    [Fact]
    public void Options_BadInterval_RefusedNamingIt()
    {
        Assert.Contains("stats interval", Assert.Single(new StatisticsOptions { Interval = TimeSpan.FromMilliseconds(-1) }.Validate()), StringComparison.Ordinal);
        Assert.Contains("stats interval", Assert.Single(new StatisticsOptions { Interval = TimeSpan.FromMilliseconds(5) }.Validate()), StringComparison.Ordinal);
        Assert.Empty(new StatisticsOptions { Interval = TimeSpan.Zero }.Validate());
    }

    private static readonly TimeSpan ControlPlaneTimeout = TimeSpan.FromSeconds(30);

    private static Dictionary<ulong, SwitchCounters> Counters(Lab lab) =>
        lab.Network.Switches.Values.ToDictionary(s => s.DatapathId, s => new SwitchCounters(s));
}
