namespace SdnCtl.Control.Tests.Fakes;

/// <summary>
/// A clock that moves only when the test says so. Timers fire synchronously, on the test's
/// thread, from <see cref="Advance"/>. <see cref="TimeProvider.GetTimestamp"/> is left as the real
/// high-resolution counter: what the controller measures (reroute time) is real, while every time
/// it acts on (expiry, last-seen, timers) is fake. A test whose outcome must not depend on how fast the
/// machine runs sets <see cref="TimestampsFollowClock"/>: then the timestamps are the manual clock's too.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// <see cref="GetTimestamp"/> reads the manual clock instead of the real counter: the controller also
    /// acts on elapsed timestamps (it coalesces host-only snapshots for 25 ms of them), and a test that
    /// counts what the loop does must not see that change with the machine's speed.
    /// </summary>
    public bool TimestampsFollowClock { get; init; }

    public override long TimestampFrequency => TimestampsFollowClock ? TimeSpan.TicksPerSecond : base.TimestampFrequency;

    public override long GetTimestamp() => TimestampsFollowClock ? GetUtcNow().UtcTicks : base.GetTimestamp();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next = null;
            lock (_gate)
            {
                foreach (ManualTimer t in _timers)
                {
                    if (t.Due is { } due && due <= target && (next is null || due < next.Due))
                    {
                        next = t;
                    }
                }

                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._gate)
            {
                _owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Due = null;
                    return true;
                }

                Due = _owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                _owner._timers.Add(this);
                return true;
            }
        }

        public void Dispose()
        {
            lock (_owner._gate)
            {
                _owner._timers.Remove(this);
                Due = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
