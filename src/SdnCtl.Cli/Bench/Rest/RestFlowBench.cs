using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Cli.Bench.Rest;

/// <summary>
/// <c>sdnctl bench rest</c>: the northbound path end to end. The whole controller (control plane,
/// OpenFlow server, REST API) runs as <c>sdnctl controller</c> runs it, simulated switches connect over
/// TCP, and flows are installed with <c>POST /api/v1/flows</c> in batches of each size asked for, one
/// request in flight; the API answers once the switches have confirmed with barriers. Afterwards every
/// switch's table is read back and counted.
/// </summary>
internal static class RestFlowBench
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<RestBatchResult>> RunAsync(RestBenchOptions options, Action<int, long, long>? progress = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        loggers ??= NullLoggerFactory.Instance;
        var api = new Uri($"http://127.0.0.1:{BenchSupport.FreeLoopbackPort()}");
        await using var host = await ControllerHost.StartAsync(
            // No statistics polling: reading every flow back every few seconds would be timed with the installs.
            // With a data directory the real SQLite store is written before each answer, as in production.
            new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = api, StatsInterval = TimeSpan.Zero, DataDirectory = options.DataDirectory },
            loggers,
            simulator: null).ConfigureAwait(false);
        await using var switches = BenchSwitches.StartInProcess(host.Server.BoundEndPoint.Port, options.Switches, options.FlowsPerSize * options.BatchSizes.Count, tables: 1, threads: 1, loggers);
        await BenchSupport.WaitForSwitchesAsync(host.ControlPlane, options.Switches, Guard, cancellationToken).ConfigureAwait(false);

        using var http = new HttpClient { BaseAddress = api, Timeout = Guard };

        // One small request first so the timed ones measure the path, not the JIT or JSON metadata.
        await PostAsync(http, Body(options, batch: 0, first: 0, count: Math.Min(100, options.Switches * 10)), cancellationToken).ConfigureAwait(false);

        var results = new List<RestBatchResult>();
        for (int s = 0; s < options.BatchSizes.Count; s++)
        {
            int size = options.BatchSizes[s];
            int requests = Math.Max(1, Math.Min(options.FlowsPerSize / size, options.MaxRequests));
            var latencies = new double[requests];
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            long bodies = 0;
            long start = Stopwatch.GetTimestamp();
            long sent = 0;
            for (int r = 0; r < requests; r++)
            {
                // Bodies are built (and encoded to UTF-8) before the clock of their request starts: the
                // figure is the controller's, not the client's encoding of a 2 MB string.
                long b0 = GC.GetTotalAllocatedBytes(precise: false);
                byte[] body = Body(options, batch: s + 1, first: r * size, count: size);
                bodies += GC.GetTotalAllocatedBytes(precise: false) - b0;
                long t0 = Stopwatch.GetTimestamp();
                await PostAsync(http, body, cancellationToken).ConfigureAwait(false);
                latencies[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                sent += size;
                progress?.Invoke(size, sent, (long)requests * size);
            }

            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore - bodies;
            Array.Sort(latencies);
            long onSwitches = await CountAsync(host, Cookie(s + 1), cancellationToken).ConfigureAwait(false);
            results.Add(new RestBatchResult
            {
                BatchSize = size,
                Requests = requests,
                Flows = sent,
                ElapsedSeconds = elapsed,
                LatencyP50Ms = BenchSupport.Percentile(latencies, 0.50),
                LatencyP99Ms = BenchSupport.Percentile(latencies, 0.99),
                LatencyMaxMs = latencies[^1],
                CpuSeconds = used.TotalSeconds,
                AllocatedBytes = allocated,
                FlowsOnSwitches = onSwitches,
            });
        }

        return results;
    }

    /// <summary>The user cookie of every flow posted for batch size number <paramref name="batch"/> (0 = warm-up).</summary>
    private static ulong Cookie(int batch) => 0xb0_0000UL | (uint)batch;

    private static byte[] Body(RestBenchOptions options, int batch, int first, int count)
    {
        // Flow i of a size: switch i mod N, a distinct /32 and UDP port, VLAN push and output.
        var sb = new StringBuilder(count * 220);
        sb.Append("{\"flows\":[");
        for (int k = 0; k < count; k++)
        {
            int i = first + k;
            ulong dpid = (ulong)(1 + (i % options.Switches));
            int j = i / options.Switches;
            sb.Append(k == 0 ? "" : ",")
              .Append(CultureInfo.InvariantCulture, $"{{\"dpid\":\"{dpid}\",\"priority\":{100 + batch},\"cookie\":\"0x{Cookie(batch):x}\",")
              .Append(CultureInfo.InvariantCulture, $"\"match\":{{\"eth_type\":2048,\"ipv4_dst\":\"10.{batch}.{(j >> 8) & 255}.{j & 255}\",\"ip_proto\":17,\"udp_dst\":{1 + (j >> 16)}}},")
              .Append(CultureInfo.InvariantCulture, $"\"actions\":[\"push_vlan:0x8100\",\"set_field:{1 + (j % 4000)}->vlan_vid\",\"output:{1 + (j % 4)}\"]}}");
        }

        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static async Task PostAsync(HttpClient http, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(new Uri("/api/v1/flows", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"POST /api/v1/flows answered {(int)response.StatusCode}: {problem}");
        }
    }

    /// <summary>Flows on all switches whose cookie ends with the batch's user cookie (the API keeps its own application bits above).</summary>
    private static async Task<long> CountAsync(ControllerHost host, ulong cookie, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (ISwitchConnection c in host.ControlPlane.Connections)
        {
            var parts = await c.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest(), cancellationToken).ConfigureAwait(false);
            count += parts.Sum(p => p.Entries.Count(e => (e.Cookie & 0xffff_ffffUL) == cookie));
        }

        return count;
    }



}

/// <summary>Parameters of <c>sdnctl bench rest</c>.</summary>
internal sealed record RestBenchOptions
{
    public int Switches { get; init; } = 4;

    /// <summary>Batch sizes, each run in turn.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 100, 10_000];

    /// <summary>Flows posted per batch size (requests = flows / size, capped by <see cref="MaxRequests"/>).</summary>
    public int FlowsPerSize { get; init; } = 100_000;

    public int MaxRequests { get; init; } = 2_000;

    /// <summary>
    /// Where the controller keeps its SQLite store (<c>--data-dir</c>), so that the store's write before
    /// each answer is measured; null keeps the store in memory. It must not hold a store yet: stored
    /// flows would be brought back onto the switches and counted with the posted ones.
    /// </summary>
    public string? DataDirectory { get; init; }

    public string? Validate() =>
        Switches is < 1 or > 256 ? "--switches must be 1..256"
        : DataDirectory is not null && File.Exists(Path.Combine(DataDirectory, Control.Store.SqliteControllerStore.FileName))
            ? $"--data-dir {DataDirectory} already holds {Control.Store.SqliteControllerStore.FileName}; give an empty or new directory"
        : BatchSizes.Count == 0 || BatchSizes.Any(b => b is < 1 or > 100_000) ? "--batch sizes must be 1..100000"
        : FlowsPerSize < 1 ? "--flows must be at least 1"
        : MaxRequests < 1 ? "--max-requests must be at least 1"
        : null;
}

/// <summary>The figures of one batch size.</summary>
internal sealed record RestBatchResult
{
    public int BatchSize { get; init; }

    public int Requests { get; init; }

    public long Flows { get; init; }

    public double ElapsedSeconds { get; init; }

    public double FlowsPerSecond => ElapsedSeconds > 0 ? Flows / ElapsedSeconds : 0;

    /// <summary>Per request: sent → answered (after the switches' barrier replies).</summary>
    public double LatencyP50Ms { get; init; }

    public double LatencyP99Ms { get; init; }

    public double LatencyMaxMs { get; init; }

    /// <summary>CPU of the whole process (controller, API, switches and the client).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>CPU per flow posted, µs.</summary>
    public double CpuMicrosPerFlow => Flows > 0 ? CpuSeconds * 1e6 / Flows : 0;

    /// <summary>Bytes allocated by the whole process while the requests ran (client, API, controller, switches), without building the bodies.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Bytes allocated per flow posted.</summary>
    public long AllocatedBytesPerFlow => Flows > 0 ? AllocatedBytes / Flows : 0;

    /// <summary>Flows of this size read back from the switches' tables.</summary>
    public long FlowsOnSwitches { get; init; }

    public bool Verified => FlowsOnSwitches == Flows;
}
