using System.Globalization;

namespace SdnCtl.Control.Core;

/// <summary>
/// Time the calling thread has spent running on a CPU, from Linux's per-thread scheduler
/// statistics. Wall-clock reroute time on a shared, overloaded machine is mostly time spent waiting
/// for a CPU; this tells how much of it the controller actually worked.
/// </summary>
internal static class ThreadCpuClock
{
    private const string SchedStat = "/proc/thread-self/schedstat";
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Nanoseconds on CPU so far, or -1 where the platform does not say.</summary>
    public static long NowNs()
    {
        if (s_unavailable)
        {
            return -1;
        }

        try
        {
            // "<ns on cpu> <ns waiting on a run queue> <timeslices>"
            string text = File.ReadAllText(SchedStat);
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            return long.Parse(space < 0 ? text : text[..space], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            s_unavailable = true;
            return -1;
        }
    }
}
