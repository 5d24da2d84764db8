using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Transport;

namespace SdnCtl.Cli.Bench;

/// <summary>
/// The simulated switches of <c>sdnctl bench flows</c>: in this process, or in a child process
/// (<c>sdnctl bench switches</c>) so that the controller's and the switches' CPU, GC and threads are
/// measured apart. Either way they connect to the controller over TCP loopback.
/// </summary>
internal static class BenchSwitches
{
    /// <summary>Creates <paramref name="count"/> switches able to hold <paramref name="perSwitchMax"/> flows and connects them to <paramref name="port"/>.</summary>
    public static SwitchAgentHost StartInProcess(int port, int count, int perSwitchMax, int tables, int threads, ILoggerFactory loggers)
    {
        var switches = new SwitchAgentHost(
            new SwitchAgentOptions { Host = "127.0.0.1", Port = port, TickInterval = TimeSpan.FromSeconds(1) },
            eventLoopThreads: threads,
            loggerFactory: loggers);
        switches.AddSwitches(count, portsPerSwitch: 4, dpid => new SwitchOptions
        {
            DatapathId = dpid,
            Pipeline = new PipelineOptions { TableCount = Math.Max(8, tables), MaxEntriesPerTable = Math.Max(1_000_000, perSwitchMax) },
        });
        switches.Start();
        return switches;
    }

    /// <summary>Starts <c>sdnctl bench switches</c> as a child process; disposing it ends the process.</summary>
    public static ChildProcess StartProcess(int port, int count, int perSwitchMax, int tables, int threads)
    {
        // sdnctl.dll sits next to this assembly both in sdnctl itself and in the test output.
        string dll = Path.Combine(AppContext.BaseDirectory, "sdnctl.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"--switch-process needs {dll}");
        }

        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        foreach (string arg in new[]
        {
            dll, "bench", "switches", "--controller", $"127.0.0.1:{port}", "--switches", Str(count),
            "--max-flows", Str(perSwitchMax), "--tables", Str(tables), "--switch-threads", Str(threads),
        })
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the switch process"));

        static string Str(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The child side: runs the switches until standard input closes (the parent ended or went away).</summary>
    public static async Task<int> RunChildAsync(int port, int count, int perSwitchMax, int tables, int threads, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        await using var switches = StartInProcess(port, count, perSwitchMax, tables, threads, loggers);
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[64];
        try
        {
            while (await stdin.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    /// <summary>The switches' process; disposing closes its standard input and waits for it to exit (killing it after 10 s).</summary>
    internal sealed class ChildProcess(Process process) : IAsyncDisposable
    {
        public int Id { get; } = process.Id;

        public async ValueTask DisposeAsync()
        {
            try
            {
                process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
