using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HdrHistogram;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Control;
using SdnCtl.Control.PathComputation;
using SdnCtl.Southbound;

namespace SdnCtl.Cli.Bench.Reactive;

/// <summary>
/// The engine of <c>sdnctl bench reactive</c> (cbench-style): for each target controller, N emulated
/// switches connect over TCP and send PACKET_INs for new flows; the run counts FLOW_MOD and PACKET_OUT
/// responses. Throughput mode keeps a window of packet-ins outstanding per switch; latency mode one.
/// </summary>
internal static class ReactiveBench
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs every target in turn. <paramref name="progress"/> gets (target, mode, answered, expected).</summary>
    public static async Task<IReadOnlyList<ReactiveRunResult>> RunAsync(ReactiveBenchOptions options, Action<string, string, long, long>? progress = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        loggers ??= NullLoggerFactory.Instance;
        var results = new List<ReactiveRunResult>();
        foreach (string controller in options.Controllers)
        {
            await using var target = await StartTargetAsync(controller, loggers, cancellationToken).ConfigureAwait(false);
            results.AddRange(await RunAgainstAsync(options, controller, target, progress, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static async Task<List<ReactiveRunResult>> RunAgainstAsync(ReactiveBenchOptions options, string name, Target target, Action<string, string, long, long>? progress, CancellationToken cancellationToken)
    {
        var switches = new List<CbenchSwitch>(options.Switches);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = new List<ReactiveRunResult>();
        try
        {
            for (int i = 0; i < options.Switches; i++)
            {
                var sw = await CbenchSwitch.ConnectAsync(target.EndPoint, i, options.Macs, stop.Token).ConfigureAwait(false);
                switches.Add(sw);
            }

            await Task.WhenAll(switches.Select(s => s.Ready)).WaitAsync(HandshakeTimeout, cancellationToken).ConfigureAwait(false);
            await target.WaitForSwitchesAsync(options.Switches, cancellationToken).ConfigureAwait(false);

            if (options.RunsThroughput)
            {
                results.Add(await MeasureAsync(options, name, "throughput", switches, target, options.Packets, options.Window, progress, cancellationToken).ConfigureAwait(false));
            }

            if (options.RunsLatency)
            {
                results.Add(await MeasureAsync(options, name, "latency", switches, target, options.LatencyPackets, 1, progress, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var sw in switches)
            {
                await sw.DisposeAsync().ConfigureAwait(false);
            }
        }

        return results;
    }

    private static async Task<ReactiveRunResult> MeasureAsync(ReactiveBenchOptions options, string name, string mode, List<CbenchSwitch> switches, Target target, int packets, int window, Action<string, string, long, long>? progress, CancellationToken cancellationToken)
    {
        long expected = (long)packets * switches.Count;
        var cpuBefore = target.CpuTime();
        var processCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long? droppedBefore = target.DroppedPacketIns();
        long start = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var runs = switches.Select(s => s.RunAsync(packets, window, timeout.Token)).ToArray();
        var all = Task.WhenAll(runs);
        string? error = null;
        using (var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(250)))
        {
            // The timer only paces the progress display; completion is awaited on the runs themselves.
            while (!all.IsCompleted)
            {
                progress?.Invoke(name, mode, switches.Sum(s => s.Answered), expected);
                await Task.WhenAny(all, ticker.WaitForNextTickAsync(cancellationToken).AsTask()).ConfigureAwait(false);
            }
        }

        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"timed out after {options.Timeout.TotalSeconds:0} s with {switches.Sum(s => s.Answered)} of {expected} packet-ins answered";
        }
        catch (IOException e)
        {
            error = e.Message;
        }

        long end = Stopwatch.GetTimestamp();
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpuBefore;
        var targetCpu = target.CpuTime() - cpuBefore;
        progress?.Invoke(name, mode, switches.Sum(s => s.Answered), expected);

        // The switches' histograms are read once their runs are over (or abandoned on a time-out).
        var latency = new LongHistogram(switches[0].Latency.HighestTrackableValue, switches[0].Latency.NumberOfSignificantValueDigits);
        foreach (var sw in switches)
        {
            latency.Add(sw.Latency);
        }

        double generatorCpu = switches.Sum(s => s.CpuTime.TotalSeconds);

        // A switch's thread takes its run up to a poll period after it is asked: the run lasts from
        // the first PACKET_IN sent to the last answer counted, as the switches timed them.
        if (error is null && switches.All(s => s.RunSpan.Started != 0 && s.RunSpan.Ended != 0))
        {
            start = switches.Min(s => s.RunSpan.Started);
            end = switches.Max(s => s.RunSpan.Ended);
        }
        double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
        return new ReactiveRunResult
        {
            Controller = name,
            Mode = mode,
            Switches = switches.Count,
            Window = window,
            PacketIns = expected,
            Answered = switches.Sum(s => s.Answered),
            FlowMods = switches.Sum(s => s.FlowMods),
            PacketOuts = switches.Sum(s => s.PacketOuts),
            Duplicates = switches.Sum(s => s.Duplicates),
            Foreign = switches.Sum(s => s.Foreign),
            ElapsedSeconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds,
            LatencyP50Us = latency.TotalCount == 0 ? 0 : Us(latency.GetValueAtPercentile(50)),
            LatencyP99Us = latency.TotalCount == 0 ? 0 : Us(latency.GetValueAtPercentile(99)),
            LatencyMaxUs = latency.TotalCount == 0 ? 0 : Us(latency.GetMaxValue()),
            MaxOutstanding = switches.Max(s => s.MaxOutstanding),
            GeneratorCpuSeconds = generatorCpu,
            ProcessCpuSeconds = processCpu.TotalSeconds,
            ControllerCpuSeconds = target.Placement switch
            {
                TargetPlacement.InProcess => Math.Max(0, processCpu.TotalSeconds - generatorCpu),
                TargetPlacement.ChildProcess => targetCpu.TotalSeconds,
                _ => null,
            },
            DroppedByController = target.DroppedPacketIns() - droppedBefore,
            Error = error,
        };
    }


    private static async Task<Target> StartTargetAsync(string controller, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        switch (controller)
        {
            case ReactiveBenchOptions.Builtin:
                return await BuiltinTarget.StartAsync(loggers).ConfigureAwait(false);
            case ReactiveBenchOptions.Echo:
                return new EchoTarget(new EchoResponder());
            case ReactiveBenchOptions.OvsTestController:
                return await ProcessTarget.StartOvsTestControllerAsync(cancellationToken).ConfigureAwait(false);
            default:
                return new Target(IPEndPoint.Parse(controller));
        }
    }

    /// <summary>A controller to measure; external ones are measured as they are (CPU time unknown).</summary>
    private class Target(IPEndPoint endPoint) : IAsyncDisposable
    {
        public IPEndPoint EndPoint { get; } = endPoint;

        public virtual TargetPlacement Placement => TargetPlacement.External;

        public virtual TimeSpan CpuTime() => TimeSpan.Zero;

        public virtual long? DroppedPacketIns() => null;

        public virtual Task WaitForSwitchesAsync(int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>SdnCtl's control plane and OpenFlow server in this process, as <c>sdnctl controller</c> runs them.</summary>
    private sealed class BuiltinTarget(ControlPlane controlPlane, OpenFlowServer server)
        : Target(new IPEndPoint(IPAddress.Loopback, server.BoundEndPoint.Port))
    {
        public static async Task<Target> StartAsync(ILoggerFactory loggers)
        {
            var controlPlane = new ControlPlane(
                new ControllerOptions(),
                TimeProvider.System,
                loggers.CreateLogger<ControlPlane>(),
                new PathServiceAdapter(new PathComputationService()),
                declared: null);
            controlPlane.Start();
            var server = new OpenFlowServer(new SouthboundOptions { ListenAddress = IPAddress.Loopback, Port = 0 }, controlPlane, loggers.CreateLogger<OpenFlowServer>());
            await server.StartAsync().ConfigureAwait(false);
            return new BuiltinTarget(controlPlane, server);
        }

        public override TargetPlacement Placement => TargetPlacement.InProcess;

        public override TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

        public override long? DroppedPacketIns() => controlPlane.Stats.PacketInsDropped;

        public override Task WaitForSwitchesAsync(int count, CancellationToken cancellationToken) =>
            BenchSupport.WaitForSwitchesAsync(controlPlane, count, HandshakeTimeout, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await server.DisposeAsync().ConfigureAwait(false);
            await controlPlane.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The harness floor: <see cref="EchoResponder"/> on its own threads in this process.</summary>
    private sealed class EchoTarget(EchoResponder responder) : Target(responder.EndPoint)
    {
        public override TargetPlacement Placement => TargetPlacement.InProcess;

        public override ValueTask DisposeAsync()
        {
            responder.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private enum TargetPlacement
    {
        /// <summary>Elsewhere: its CPU time is not known to the bench.</summary>
        External,

        /// <summary>In this process: its CPU time is the process's less the switches' threads'.</summary>
        InProcess,

        /// <summary>A process the bench started: its CPU time is that process's.</summary>
        ChildProcess,
    }

    /// <summary>A controller the bench starts as a child process on a free loopback port and kills afterwards.</summary>
    private sealed class ProcessTarget(IPEndPoint endPoint, Process process) : Target(endPoint)
    {
        public static async Task<Target> StartOvsTestControllerAsync(CancellationToken cancellationToken)
        {
            string? path = FindOnPath("ovs-testcontroller")
                ?? throw new InvalidOperationException("ovs-testcontroller is not on PATH: install Debian's openvswitch-testcontroller package (apt-get install openvswitch-testcontroller)");
            int port = BenchSupport.FreeLoopbackPort();

            // Its control socket would default to /var/run/openvswitch, which need not exist.
            string control = Path.Combine(Path.GetTempPath(), $"sdnctl-bench-ovs-testcontroller-{Environment.ProcessId}.ctl");
            var start = new ProcessStartInfo(path)
            {
                ArgumentList = { "-O", "OpenFlow13", "-vconsole:off", $"--unixctl={control}", $"ptcp:{port}:127.0.0.1" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ovs-testcontroller");
            var endPoint = new IPEndPoint(IPAddress.Loopback, port);

            // Connecting is the readiness check: retry until the listener is up or the process exits.
            var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
            while (true)
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await probe.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                    return new ProcessTarget(endPoint, process);
                }
                catch (SocketException) when (!process.HasExited && Stopwatch.GetTimestamp() < deadline)
                {
                    await Task.Yield();
                }
                catch (SocketException e)
                {
                    process.Kill();
                    process.Dispose();
                    throw new InvalidOperationException($"ovs-testcontroller did not listen on {endPoint}: {e.Message}", e);
                }
            }
        }

        public override TargetPlacement Placement => TargetPlacement.ChildProcess;

        public override TimeSpan CpuTime()
        {
            process.Refresh();
            return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
        }

        public override async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }


        private static string? FindOnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append("/usr/bin")
                .Select(d => Path.Combine(d, name))
                .FirstOrDefault(File.Exists);
    }
}
