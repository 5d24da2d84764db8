using System.Diagnostics;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// Waits on the state of external processes (OVS, the kernel) that send no events to wait on:
/// re-checks a condition on a short period until it holds, and fails, saying what it waited for,
/// after a generous deadline. The period is a polling interval, never the thing waited for.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var elapsed = Stopwatch.StartNew();
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            if (elapsed.Elapsed > (timeout ?? Guard))
            {
                throw new TimeoutException($"gave up after {elapsed.Elapsed.TotalSeconds:0}s waiting until {what}");
            }

            await period.WaitForNextTickAsync();
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);
}
