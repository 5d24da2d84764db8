namespace SdnCtl.Control.Statistics;

/// <summary>Rates from two readings of a monotonic counter.</summary>
public static class CounterRate
{
    /// <summary>
    /// Units per second between two readings <paramref name="elapsed"/> apart. A reading below the
    /// previous one means the counter restarted (switch reconnected or rebooted, port or flow
    /// re-created; a 64-bit OpenFlow counter does not wrap in practice): what was counted since is
    /// unknown, so the rate is 0 rather than a huge or negative number. No time elapsed also gives 0.
    /// </summary>
    public static double PerSecond(ulong previous, ulong current, TimeSpan elapsed) =>
        current < previous || elapsed <= TimeSpan.Zero ? 0 : (current - previous) / elapsed.TotalSeconds;
}
