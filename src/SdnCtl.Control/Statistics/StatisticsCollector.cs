using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;

namespace SdnCtl.Control.Statistics;

/// <summary>
/// Polls every connected switch for its port and flow counters (one multipart PORT_STATS and one
/// FLOW_STATS request per switch per round, all tables, all ports) and keeps each switch's last
/// sample with rates against the one before.
/// </summary>
/// <remarks>
/// The collector runs beside the control loop, never on it: it takes the sessions from
/// <see cref="IControlPlane.Connections"/> and awaits their replies on the transport's threads, as
/// the flows API does. Each switch has its own poll gate, so a slow switch delays neither the other
/// switches nor the next round: a periodic round skips a switch whose previous poll is still
/// running (counted in <see cref="PollsSkipped"/>) instead of queueing another request behind it.
/// A switch that reconnects starts over (its first sample has no rates); the samples of a switch
/// that disconnected are dropped.
/// </remarks>
public sealed class StatisticsCollector : IAsyncDisposable
{
    private readonly IControlPlane _controlPlane;
    private readonly StatisticsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<ulong, SwitchPolls> _switches = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private long _rounds;
    private long _skipped;
    private long _failed;
    private int _disposed;

    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public StatisticsCollector(IControlPlane controlPlane, StatisticsOptions? options = null, TimeProvider? timeProvider = null, ILogger<StatisticsCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        options ??= new StatisticsOptions();
        if (options.Validate() is [var first, ..])
        {
            throw new ArgumentException(first, nameof(options));
        }

        _controlPlane = controlPlane;
        _options = new StatisticsOptions { Interval = options.Interval, RequestTimeout = options.RequestTimeout };
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised after every round, periodic or asked for, on the thread that finished it.</summary>
    public event EventHandler<PollRoundResult>? RoundCompleted;

    /// <summary>The polling interval; <see cref="TimeSpan.Zero"/> when periodic polling is off.</summary>
    public TimeSpan Interval => _options.Interval;

    /// <summary>The collector's clock (for the age of samples).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Rounds finished so far.</summary>
    public long RoundsCompleted => Interlocked.Read(ref _rounds);

    /// <summary>Switch polls left out of a periodic round because the switch's previous poll was still running.</summary>
    public long PollsSkipped => Interlocked.Read(ref _skipped);

    /// <summary>Switch polls that failed (disconnect, error reply, timeout).</summary>
    public long PollsFailed => Interlocked.Read(ref _failed);

    /// <summary>The last sample of every connected switch that has been polled, by datapath id.</summary>
    public IReadOnlyList<SwitchStatistics> Samples =>
        [.. _switches.Values.Select(Current).OfType<SwitchStatistics>().OrderBy(s => s.DatapathId)];

    /// <summary>Starts periodic polling (nothing when <see cref="Interval"/> is zero). The first round runs one interval from now.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_options.Interval <= TimeSpan.Zero || _timer is not null)
        {
            return;
        }

        StatisticsLog.Started(_log, _options.Interval);
        _timer = _time.CreateTimer(static state => ((StatisticsCollector)state!).OnTimer(), this, _options.Interval, _options.Interval);
    }

    /// <summary>
    /// Polls every connected switch now and completes when each has answered or failed. Unlike a
    /// periodic round, a switch whose poll is running is waited for and then polled again, so the
    /// samples afterwards were all requested after the call.
    /// </summary>
    public Task<PollRoundResult> PollAsync(CancellationToken cancellationToken = default) =>
        RoundAsync(waitForBusy: true, cancellationToken);

    /// <summary>The last sample of a connected switch, or <see langword="null"/> when it has not been polled.</summary>
    public SwitchStatistics? Sample(ulong datapathId) =>
        _switches.TryGetValue(datapathId, out SwitchPolls? polls) ? Current(polls) : null;

    /// <summary>
    /// The tenant's traffic over its access ports (port members; members by MAC or subnet have no
    /// port of their own and are not counted). A member's switch is resolved by name through the
    /// declared topology, or read as a datapath id.
    /// </summary>
    public TenantStatistics ForTenant(TenantSpec tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        TopologyDocument? declared = _controlPlane.Declared;
        var ports = ImmutableArray.CreateBuilder<TenantPortStatistics>();
        var counters = default(PortCounters);
        var rates = default(PortRates);
        DateTimeOffset? oldest = null;
        foreach (SegmentSpec segment in tenant.Segments)
        {
            foreach (MemberSpec member in segment.Members.Where(m => m.Kind == MemberKind.Port))
            {
                SwitchPort? port = Resolve(declared, member.Port);
                PortStatistics? sample = port is { } p && Sample(p.DatapathId) is { } s ? s.Ports.FirstOrDefault(x => x.PortNo == p.PortNo) : null;
                ports.Add(new TenantPortStatistics(segment.Name, member.Port, port, sample));
                if (sample is not null)
                {
                    counters = counters.Plus(sample.Counters);
                    rates = rates.Plus(sample.Rates ?? default);
                    oldest = oldest is { } o && o < sample.SampledAt ? o : sample.SampledAt;
                }
            }
        }

        return new TenantStatistics(tenant.Name, ports.ToImmutable(), counters, rates, oldest);
    }

    /// <summary>Stops periodic polling and cancels polls in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static SwitchPort? Resolve(TopologyDocument? declared, PortRef member)
    {
        if (declared is not null && DeclaredTopology.TryResolve(declared, member, out SwitchPort resolved))
        {
            return resolved;
        }

        return DatapathIdText.TryParse(member.Switch, out ulong dpid, out _) ? new SwitchPort(dpid, member.Port) : null;
    }

    private SwitchStatistics? Current(SwitchPolls polls) =>
        polls.Last is { } last && ReferenceEquals(_controlPlane.GetSwitch(last.Statistics.DatapathId), last.Connection) ? last.Statistics : null;

    private void OnTimer()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _ = PeriodicRoundAsync();
    }

    private async Task PeriodicRoundAsync()
    {
        try
        {
            await RoundAsync(waitForBusy: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Volatile.Read(ref _disposed) != 0)
        {
            // Stopping.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            StatisticsLog.RoundFailed(_log, e);
        }
    }

    private async Task<PollRoundResult> RoundAsync(bool waitForBusy, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        CancellationToken stopping = _stopping.Token;
        foreach (ulong gone in _switches.Keys.Where(dpid => _controlPlane.GetSwitch(dpid) is null))
        {
            _switches.TryRemove(gone, out _);
        }

        PollOutcome[] outcomes = await Task.WhenAll(_controlPlane.Connections
            .Where(c => c.IsConnected)
            .Select(c => PollSwitchAsync(c, waitForBusy, stopping, cancellationToken))).ConfigureAwait(false);
        var result = new PollRoundResult(
            outcomes.Count(o => o == PollOutcome.Polled),
            outcomes.Count(o => o == PollOutcome.Skipped),
            outcomes.Count(o => o == PollOutcome.Failed));
        Interlocked.Increment(ref _rounds);
        RoundCompleted?.Invoke(this, result);
        return result;
    }

    private async Task<PollOutcome> PollSwitchAsync(ISwitchConnection connection, bool waitForBusy, CancellationToken stopping, CancellationToken cancellationToken)
    {
        ulong dpid = connection.DatapathId;
        SwitchPolls polls = _switches.GetOrAdd(dpid, static _ => new SwitchPolls());
        if (waitForBusy)
        {
            await polls.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!polls.Gate.Wait(0, CancellationToken.None))
        {
            Interlocked.Increment(ref _skipped);
            StatisticsLog.Skipped(_log, dpid);
            return PollOutcome.Skipped;
        }

        try
        {
            // The request timeout runs on the collector's clock, like its rounds: on the wall clock a poll that
            // a test holds on purpose (or a round on a machine whose clock is simulated) failed whenever real
            // time happened to pass the timeout, not when the clock the rounds follow did.
            using var expiry = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken, expiry.Token);
            // Both requests go out before either reply is awaited: one round trip per switch.
            Task<IReadOnlyList<PortStatsReply>> ports = connection.RequestMultipartAsync<PortStatsReply>(new PortStatsRequest { PortNo = OfpPortNo.Any }, timeout.Token);
            Task<IReadOnlyList<FlowStatsReply>> flows = connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest(), timeout.Token);
            try
            {
                await Task.WhenAll(ports, flows).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OpenFlowErrorException or SwitchDisconnectedException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested && !stopping.IsCancellationRequested))
            {
                Interlocked.Increment(ref _failed);
                StatisticsLog.PollFailed(_log, dpid, e is OperationCanceledException ? $"no answer within {_options.RequestTimeout}" : e.Message);
                return PollOutcome.Failed;
            }

            SwitchStatistics? previous = polls.Last is { } last && ReferenceEquals(last.Connection, connection) ? last.Statistics : null;
            polls.Last = new PolledSample(connection, StatisticsSample.Next(
                previous,
                dpid,
                ports.Result.SelectMany(p => p.Entries),
                flows.Result.SelectMany(p => p.Entries),
                _time.GetUtcNow()));
            return PollOutcome.Polled;
        }
        finally
        {
            polls.Gate.Release();
        }
    }

    private enum PollOutcome
    {
        Polled,
        Skipped,
        Failed,
    }

    /// <summary>A sample and the session it was read from, so that a reconnect does not compute rates across two sessions.</summary>
    private sealed record PolledSample(ISwitchConnection Connection, SwitchStatistics Statistics);

    private sealed class SwitchPolls
    {
        private volatile PolledSample? _last;

        /// <summary>One poll of the switch at a time.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public PolledSample? Last
        {
            get => _last;
            set => _last = value;
        }
    }
}
