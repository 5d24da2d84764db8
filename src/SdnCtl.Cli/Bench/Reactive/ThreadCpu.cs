using System.Globalization;

namespace SdnCtl.Cli.Bench.Reactive;

/// <summary>
/// CPU time of the calling thread, so the load generator's own cost can be told from the controller's
/// when both share a process. .NET has no API for the current thread's CPU time; Linux gives it in
/// nanoseconds as the first field of <c>/proc/thread-self/schedstat</c>. Read twice per run, never per packet.
/// </summary>
internal static class ThreadCpu
{
    private const string Path = "/proc/thread-self/schedstat";

    /// <summary>Nanoseconds this thread has run on a CPU, or 0 where the kernel does not say.</summary>
    public static long Nanoseconds()
    {
        try
        {
            string text = File.ReadAllText(Path);
            int end = text.IndexOf(' ', StringComparison.Ordinal);
            return long.TryParse(end < 0 ? text : text[..end], NumberStyles.None, CultureInfo.InvariantCulture, out long ns) ? ns : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
