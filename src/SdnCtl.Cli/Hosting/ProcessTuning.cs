using DotNetty.Common;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// Process-wide runtime settings for the OpenFlow I/O path, made once at the top of <c>Main</c>, before
/// anything opens a socket. A user who sets either variable keeps their own value.
/// </summary>
/// <remarks>
/// Why, from <c>perf record</c> of <c>sdnctl bench reactive --mode latency</c> (one PACKET_IN in flight):
/// <list type="bullet">
/// <item>On Linux every socket readiness event went epoll thread → thread-pool worker → DotNetty event loop.
/// The pool hop cost a futex wake-up and the idle worker's spin per round trip, a third of the process's CPU.
/// With inline completions the epoll thread runs DotNetty's completion itself, which only queues the read
/// on the channel's event loop and returns, so nothing slow runs on the epoll thread. Kestrel schedules
/// request handlers off the I/O thread itself, so REST handlers are not affected.</item>
/// <item>DotNetty's leak detector (default "simple") samples one pooled buffer in 128 and captures a stack
/// trace for it: 15% of the event loop's CPU. Nothing here reads its reports; setting
/// <c>io.netty.leakDetection.level</c> turns it back on for a hunt.</item>
/// </list>
/// </remarks>
internal static class ProcessTuning
{
    internal const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    internal const string LeakDetectionVariable = "io.netty.leakDetection.level";

    /// <summary>What <see cref="Apply"/> sets, given the process's environment.</summary>
    internal static (string? InlineCompletions, ResourceLeakDetector.DetectionLevel? LeakDetection) Decide(Func<string, string?> environment)
    {
        string? inline = environment(InlineCompletionsVariable) is null ? "1" : null;
        ResourceLeakDetector.DetectionLevel? leaks = string.IsNullOrEmpty(environment(LeakDetectionVariable))
            ? ResourceLeakDetector.DetectionLevel.Disabled
            : null;
        return (inline, leaks);
    }

    public static void Apply()
    {
        var (inline, leaks) = Decide(Environment.GetEnvironmentVariable);

        // The socket engine reads this variable once, when the first asynchronous socket operation starts
        // it; .NET reads its own copy of the environment, so setting it here, first thing, is in time.
        if (inline is not null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, inline);
        }

        if (leaks is { } level)
        {
            ResourceLeakDetector.Level = level;
        }
    }

    /// <summary>Whether socket completions run inline in this process (for the bench reports).</summary>
    internal static bool InlineCompletions => Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";

    /// <summary>DotNetty's leak detection level in this process (for the bench reports).</summary>
    internal static string LeakDetection => ResourceLeakDetector.Level.ToString();
}
