using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound;

namespace SdnCtl.Cli.Bench;

/// <summary>
/// The engine of <c>sdnctl bench flows</c>: an in-process <see cref="OpenFlowServer"/> on a loopback
/// port, N simulated switches connected to it over real TCP, M flows installed in batches each
/// followed by a barrier (several batches in flight per switch, respecting back-pressure), then every
/// table read back with multipart flow stats and checked flow by flow (by cookie).
/// </summary>
internal static class FlowBench
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs once. <paramref name="progress"/> receives the number of flows confirmed so far.</summary>
    public static async Task<FlowBenchResult> RunAsync(FlowBenchOptions options, Action<long>? progress = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        loggers ??= NullLoggerFactory.Instance;
        var sink = new BenchSink(options.Switches);
        var southbound = new SouthboundOptions
        {
            ListenAddress = IPAddress.Loopback,
            Port = 0,
            EventLoopThreads = options.ServerThreads,
            EchoTimeout = TimeSpan.FromMinutes(5),
            RequestTimeout = TimeSpan.FromMinutes(5),
        };
        await using var server = new OpenFlowServer(southbound, sink, loggers.CreateLogger("sdnctl.bench.southbound"));
        await server.StartAsync().ConfigureAwait(false);

        int perSwitchMax = Math.Max(options.FlowsFor(0), options.Warmup);
        BenchSwitches.ChildProcess? child = options.SwitchProcess
            ? BenchSwitches.StartProcess(server.BoundEndPoint.Port, options.Switches, perSwitchMax, options.Tables, options.SwitchThreads)
            : null;
        IAsyncDisposable switches = child as IAsyncDisposable
            ?? BenchSwitches.StartInProcess(server.BoundEndPoint.Port, options.Switches, perSwitchMax, options.Tables, options.SwitchThreads, loggers);
        FlowBenchResult result;
        try
        {
            result = await RunConnectedAsync(options, server, sink, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The switches go before the result is handed out, so a child process has exited by then.
            await switches.DisposeAsync().ConfigureAwait(false);
        }

        return result with { SwitchProcessId = child?.Id };
    }

    private static async Task<FlowBenchResult> RunConnectedAsync(FlowBenchOptions options, OpenFlowServer server, BenchSink sink, Action<long>? progress, CancellationToken cancellationToken)
    {
        await sink.AllConnected.WaitAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var connections = sink.Connected.Values.OrderBy(c => c.DatapathId).ToArray();
        await WarmUpAsync(options, connections, cancellationToken).ConfigureAwait(false);

        var run = new Run(options, progress);
        var process = Process.GetCurrentProcess();
        var countersBefore = Counters(server, connections);
        var cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);

        run.Start = Stopwatch.GetTimestamp();
        await Task.WhenAll(connections.Select(c => run.InstallAsync(c, (int)(c.DatapathId - 1), cancellationToken))).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();

        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;
        var counters = Counters(server, connections);

        var verification = options.Verify
            ? await VerifyAsync(options, connections, modified: false, cancellationToken).ConfigureAwait(false)
            : new FlowVerification { Performed = false };
        int errorsAfterAdd = sink.Errors;

        var later = new List<FlowPhaseResult>();
        if (options.ModifyAndDelete)
        {
            foreach (var command in new[] { FlowModCommand.ModifyStrict, FlowModCommand.DeleteStrict })
            {
                later.Add(await RunPhaseAsync(options, command, connections, sink, progress, cancellationToken).ConfigureAwait(false));
            }
        }

        var latencies = run.Latencies();
        return new FlowBenchResult
        {
            Parameters = options,
            FlowsInstalled = run.Confirmed,
            ElapsedSeconds = Stopwatch.GetElapsedTime(run.Start, end).TotalSeconds,
            FirstBarrierMs = run.FirstBarrier == 0 ? 0 : Stopwatch.GetElapsedTime(run.Start, run.FirstBarrier).TotalMilliseconds,
            LastBarrierMs = run.LastBarrier == 0 ? 0 : Stopwatch.GetElapsedTime(run.Start, run.LastBarrier).TotalMilliseconds,
            Batches = latencies.Length,
            BatchLatencyP50Ms = BenchSupport.Percentile(latencies, 0.50),
            BatchLatencyP99Ms = BenchSupport.Percentile(latencies, 0.99),
            BatchLatencyMaxMs = latencies.Length == 0 ? 0 : latencies[^1],
            CpuSeconds = cpu.TotalSeconds,
            BytesToSwitches = counters.BytesOut - countersBefore.BytesOut,
            BytesFromSwitches = counters.BytesIn - countersBefore.BytesIn,
            MessagesToSwitches = counters.MessagesOut - countersBefore.MessagesOut,
            SocketWrites = counters.SocketWrites - countersBefore.SocketWrites,
            AllocatedBytes = allocated,
            Gen0Collections = gen0,
            Gen1Collections = gen1,
            Gen2Collections = gen2,
            Errors = errorsAfterAdd,
            Verification = verification,
            LaterPhases = later,
        };
    }

    private static async Task<FlowPhaseResult> RunPhaseAsync(FlowBenchOptions options, FlowModCommand command, ISwitchConnection[] connections, BenchSink sink, Action<long>? progress, CancellationToken cancellationToken)
    {
        var run = new Run(options, progress, command);
        int errorsBefore = sink.Errors;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        run.Start = Stopwatch.GetTimestamp();
        await Task.WhenAll(connections.Select(c => run.InstallAsync(c, (int)(c.DatapathId - 1), cancellationToken))).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        bool deleted = command == FlowModCommand.DeleteStrict;
        var verification = !options.Verify ? new FlowVerification { Performed = false }
            : deleted ? await VerifyEmptyAsync(connections, cancellationToken).ConfigureAwait(false)
            : await VerifyAsync(options, connections, modified: true, cancellationToken).ConfigureAwait(false);
        var latencies = run.Latencies();
        return new FlowPhaseResult
        {
            Operation = deleted ? "delete" : "modify",
            Flows = run.Confirmed,
            ElapsedSeconds = Stopwatch.GetElapsedTime(run.Start, end).TotalSeconds,
            BatchLatencyP50Ms = BenchSupport.Percentile(latencies, 0.50),
            BatchLatencyP99Ms = BenchSupport.Percentile(latencies, 0.99),
            CpuSeconds = cpu.TotalSeconds,
            AllocatedBytes = allocated,
            Errors = sink.Errors - errorsBefore,
            Verification = verification,
        };
    }

    /// <summary>
    /// Installs <see cref="FlowBenchOptions.Warmup"/> flows on every switch and deletes them again, each
    /// batch barrier-confirmed, untimed: the runtime compiles the install path at its first, unoptimised
    /// tier and re-optimises it as it runs hot, which is a one-off cost of a process's first second, not
    /// of installing flows. Errors the switches send meanwhile count with the run's (there should be none).
    /// </summary>
    private static async Task WarmUpAsync(FlowBenchOptions options, ISwitchConnection[] connections, CancellationToken cancellationToken)
    {
        if (options.Warmup == 0)
        {
            return;
        }

        var warm = options with { Flows = options.Warmup * connections.Length };
        foreach (var command in new[] { FlowModCommand.Add, FlowModCommand.DeleteStrict })
        {
            var run = new Run(warm, progress: null, command);
            await Task.WhenAll(connections.Select(c => run.InstallAsync(c, (int)(c.DatapathId - 1), cancellationToken))).ConfigureAwait(false);
        }
    }

    /// <summary>After the delete phase no switch may hold any entry at all.</summary>
    private static async Task<FlowVerification> VerifyEmptyAsync(ISwitchConnection[] connections, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long left = 0;
        foreach (var c in connections)
        {
            var parts = await c.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest(), cancellationToken).ConfigureAwait(false);
            left += parts.Sum(p => p.Entries.Count);
        }

        return new FlowVerification { Performed = true, EntriesRead = left, Unexpected = left, Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }

    private static (long BytesOut, long BytesIn, long MessagesOut, long SocketWrites) Counters(OpenFlowServer server, ISwitchConnection[] connections)
    {
        long bytesOut = 0, bytesIn = 0, messagesOut = 0, writes = 0;
        foreach (var c in connections)
        {
            if (server.TryGetCounters(c.DatapathId, out var k))
            {
                bytesOut += k.BytesOut;
                bytesIn += k.BytesIn;
                messagesOut += k.MessagesOut;
                writes += k.SocketWrites;
            }
        }

        return (bytesOut, bytesIn, messagesOut, writes);
    }

    private static async Task<FlowVerification> VerifyAsync(FlowBenchOptions options, ISwitchConnection[] connections, bool modified, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long read = 0, missing = 0, duplicates = 0, unexpected = 0, wrongOutput = 0;
        foreach (var c in connections)
        {
            int index = (int)(c.DatapathId - 1);
            int expected = options.FlowsFor(index);
            var parts = await c.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest(), cancellationToken).ConfigureAwait(false);

            // seen[i] counts the entries carrying flow i's cookie.
            var seen = new byte[expected];
            foreach (var part in parts)
            {
                foreach (var e in part.Entries)
                {
                    read++;
                    long i = (long)(e.Cookie & 0xffff_ffffUL);
                    if (e.Cookie >> 32 != (ulong)(index + 1) || i >= expected)
                    {
                        unexpected++;
                    }
                    else if (seen[i]++ > 0)
                    {
                        duplicates++;
                    }
                    else if (OutputOf(e) != FlowSet.OutputPort((int)i, modified))
                    {
                        wrongOutput++;
                    }
                }
            }

            foreach (byte s in seen)
            {
                if (s == 0)
                {
                    missing++;
                }
            }
        }

        return new FlowVerification
        {
            Performed = true,
            EntriesRead = read,
            Missing = missing,
            Duplicates = duplicates,
            Unexpected = unexpected,
            WrongOutput = wrongOutput,
            Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds,
        };
    }

    /// <summary>The port of the entry's last output action, or null. Loops, not LINQ: it runs once per verified entry (a million).</summary>
    private static uint? OutputOf(FlowStatsEntry e)
    {
        uint? port = null;
        foreach (var instruction in e.Instructions)
        {
            foreach (var action in instruction.Actions)
            {
                if (action.Type == OfpActionType.Output)
                {
                    port = action.Port;
                }
            }
        }

        return port;
    }


    /// <summary>State shared by the per-switch installers of one run.</summary>
    private sealed class Run(FlowBenchOptions options, Action<long>? progress, FlowModCommand command = FlowModCommand.Add)
    {
        private readonly List<double[]> _latencies = [];
        private long _confirmed;
        private long _firstBarrier;
        private long _lastBarrier;

        public long Start { get; set; }

        public long Confirmed => Interlocked.Read(ref _confirmed);

        public long FirstBarrier => Interlocked.Read(ref _firstBarrier);

        public long LastBarrier => Interlocked.Read(ref _lastBarrier);

        public double[] Latencies()
        {
            var all = _latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            return all;
        }

        public async Task InstallAsync(ISwitchConnection connection, int switchIndex, CancellationToken cancellationToken)
        {
            int total = options.FlowsFor(switchIndex);
            int batches = (total + options.Batch - 1) / options.Batch;
            var latencies = new double[batches];
            lock (_latencies)
            {
                _latencies.Add(latencies);
            }

            var inFlight = new Queue<Task>(options.Window);
            var flows = new FlowSet(switchIndex, options.Tables, command);
            int next = 0;
            for (int b = 0; b < batches; b++)
            {
                if (inFlight.Count >= options.Window)
                {
                    await inFlight.Dequeue().ConfigureAwait(false);
                }

                if (!connection.IsWritable)
                {
                    await connection.WhenWritableAsync(cancellationToken).ConfigureAwait(false);
                }

                long sent = Stopwatch.GetTimestamp();
                int count = Math.Min(options.Batch, total - next);
                for (int k = 0; k < count; k++)
                {
                    connection.SendCopy(flows.For(next++));
                }

                inFlight.Enqueue(TrackAsync(connection.BarrierAsync(cancellationToken), sent, latencies, b, count));
            }

            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue().ConfigureAwait(false);
            }
        }

        private async Task TrackAsync(Task barrier, long sent, double[] latencies, int batch, int count)
        {
            await barrier.ConfigureAwait(false);
            long now = Stopwatch.GetTimestamp();
            latencies[batch] = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
            Interlocked.CompareExchange(ref _firstBarrier, now, 0);
            long last;
            do
            {
                last = Interlocked.Read(ref _lastBarrier);
            }
            while (now > last && Interlocked.CompareExchange(ref _lastBarrier, now, last) != last);

            long confirmed = Interlocked.Add(ref _confirmed, count);
            progress?.Invoke(confirmed);
        }
    }
}
