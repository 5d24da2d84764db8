using System.Runtime.InteropServices;

namespace SdnCtl.Control.Core;

/// <summary>
/// Raises the calling thread's scheduling priority (Linux: its nice value; each thread has its own).
/// The control loop is idle most of the time and must run at once when a port goes down: on a
/// machine shared with busy processes, a reroute of 2–3 ms of CPU took 16 ms of wall time waiting
/// for a core. <see cref="Thread.Priority"/> does nothing on Linux, hence the P/Invoke.
/// </summary>
internal static partial class LoopThreadPriority
{
    private const int PrioProcess = 0;

    /// <summary>Sets the calling thread's nice value (-20 highest … 19 lowest).</summary>
    /// <returns>Null when set; else why not (not Linux, or not permitted: it needs CAP_SYS_NICE or an RLIMIT_NICE that allows it).</returns>
    public static string? TrySetNice(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "thread priorities are only set on Linux";
        }

        try
        {
            int tid = GetTid();
            return SetPriority(PrioProcess, tid, nice) == 0 ? null : $"setpriority failed with errno {Marshal.GetLastPInvokeError()}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return e.Message;
        }
    }

    /// <summary>The calling thread's current nice value, or null where it cannot be read.</summary>
    public static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Marshal.SetLastPInvokeError(0);
        int value = GetPriority(PrioProcess, GetTid());
        return value == -1 && Marshal.GetLastPInvokeError() != 0 ? null : value;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
