using System.Diagnostics;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>tcpdump on an interface of the built network, started before the traffic it should see.</summary>
internal static class Tcpdump
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    public static void SkipIfMissing() =>
        Skip.If(!File.Exists("/usr/bin/tcpdump") && !File.Exists("/usr/sbin/tcpdump"), "no tcpdump (apt-get install tcpdump); .ci/ovs-up.sh installs it");

    /// <summary>Runs tcpdump on <paramref name="iface"/> until it has seen one frame matching <paramref name="filter"/>, with <paramref name="traffic"/> running once the capture is live.</summary>
    public static async Task<string> CaptureWhileAsync(string iface, string filter, Func<Task> traffic)
    {
        var start = new ProcessStartInfo("tcpdump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-i", iface, "-nn", "-e", "-l", "-c", "1", filter })
        {
            start.ArgumentList.Add(a);
        }

        using var tcpdump = Process.Start(start)!;
        try
        {
            // tcpdump says "listening on IFACE" once the capture is open: the event to start the traffic on.
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = Task.Run(async () =>
            {
                string? line;
                while ((line = await tcpdump.StandardError.ReadLineAsync()) is not null)
                {
                    if (line.StartsWith("listening on", StringComparison.Ordinal))
                    {
                        ready.TrySetResult();
                    }
                }

                ready.TrySetException(new InvalidOperationException("tcpdump exited before it was listening"));
            });
            var stdout = tcpdump.StandardOutput.ReadToEndAsync();
            await ready.Task.WaitAsync(Guard);
            await traffic();
            using var cts = new CancellationTokenSource(Guard);
            await tcpdump.WaitForExitAsync(cts.Token);
            await stderr;
            return await stdout;
        }
        finally
        {
            if (!tcpdump.HasExited)
            {
                tcpdump.Kill();
            }
        }
    }
}
