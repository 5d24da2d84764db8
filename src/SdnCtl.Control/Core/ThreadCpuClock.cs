using System.Runtime.InteropServices;

namespace SdnCtl.Control.Core;

/// <summary>
/// Time the calling thread has spent running on a CPU (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>).
/// Wall-clock reroute time on a shared, overloaded machine is mostly time spent waiting for a CPU;
/// this tells how much of it the controller actually worked.
/// </summary>
/// <remarks>
/// Not <c>/proc/thread-self/schedstat</c>: the kernel brings that figure up to date only at a
/// scheduler tick or a context switch, so two reads a few milliseconds apart on a thread that kept
/// running could print 0 ms. <c>clock_gettime</c> asks the scheduler for the runtime up to now, and
/// costs a system call instead of a file open, read and parse. .NET has no per-thread CPU clock of its
/// own (<c>ProcessThread.TotalProcessorTime</c> reads the same /proc file), hence the P/Invoke.
/// </remarks>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;
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
            if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec now) != 0)
            {
                s_unavailable = true;
                return -1;
            }

            return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    /// <summary>struct timespec on 64-bit Linux: two longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
