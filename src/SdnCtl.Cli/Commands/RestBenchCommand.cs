using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SdnCtl.Cli.Bench;
using SdnCtl.Cli.Bench.Rest;
using Spectre.Console;

namespace SdnCtl.Cli.Commands;

/// <summary><c>sdnctl bench rest</c>: flows installed through <c>POST /api/v1/flows</c>, end to end.</summary>
internal static class RestBenchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create()
    {
        var defaults = new RestBenchOptions();
        var switches = new Option<int>("--switches") { Description = "Simulated switches", DefaultValueFactory = _ => defaults.Switches };
        var batches = new Option<string>("--batch") { Description = "Batch sizes, comma-separated", DefaultValueFactory = _ => string.Join(',', defaults.BatchSizes) };
        var flows = new Option<int>("--flows") { Description = "Flows posted per batch size", DefaultValueFactory = _ => defaults.FlowsPerSize };
        var maxRequests = new Option<int>("--max-requests") { Description = "At most this many requests per batch size", DefaultValueFactory = _ => defaults.MaxRequests };
        var json = new Option<FileInfo?>("--json") { Description = "Write every figure, the machine and the parameters to FILE" };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Keep the controller's store in SQLite in DIR (empty or new) instead of in memory, so that its writes are measured" };
        var command = new Command("rest", "Install flows through POST /api/v1/flows (batches of 1, 100, 10,000 by default), barrier-confirmed, and verify the tables")
        {
            switches, batches, flows, maxRequests, json, dataDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sizes = new List<int>();
            foreach (string part in (parse.GetValue(batches) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size))
                {
                    await Console.Error.WriteLineAsync($"--batch: '{part}' is not an integer").ConfigureAwait(false);
                    return 2;
                }

                sizes.Add(size);
            }

            var options = new RestBenchOptions
            {
                Switches = parse.GetValue(switches),
                BatchSizes = sizes,
                FlowsPerSize = parse.GetValue(flows),
                MaxRequests = parse.GetValue(maxRequests),
                DataDirectory = parse.GetValue(dataDir)?.FullName,
            };
            return await RunAsync(options, parse.GetValue(json), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(RestBenchOptions options, FileInfo? json, CancellationToken ct)
    {
        if (options.Validate() is { } invalid)
        {
            await Console.Error.WriteLineAsync(invalid).ConfigureAwait(false);
            return 2;
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        }

        IReadOnlyList<RestBatchResult> results = [];
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<int, ProgressTask>();
                results = await RestFlowBench.RunAsync(options, (size, sent, total) =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(size, out var task))
                        {
                            task = ctx.AddTask($"POST /api/v1/flows × batch {size:N0}", maxValue: Math.Max(1, total));
                            tasks.Add(size, task);
                        }

                        task.Value = sent;
                    }
                }, cancellationToken: ct).ConfigureAwait(false);
            }).ConfigureAwait(false);

        string store = options.DataDirectory is null ? "store in memory" : $"SQLite store in {options.DataDirectory}";
        var table = new Table().Title($"sdnctl bench rest ({Markup.Escape(store)})").AddColumns("batch", "requests", "flows", "flows/s", "request p50 ms", "p99 ms", "max ms", "CPU s", "CPU µs/flow", "B alloc/flow", "on switches");
        foreach (var r in results)
        {
            table.AddRow(
                r.BatchSize.ToString("N0", CultureInfo.InvariantCulture),
                r.Requests.ToString("N0", CultureInfo.InvariantCulture),
                r.Flows.ToString("N0", CultureInfo.InvariantCulture),
                r.FlowsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                r.LatencyP50Ms.ToString("F2", CultureInfo.InvariantCulture),
                r.LatencyP99Ms.ToString("F2", CultureInfo.InvariantCulture),
                r.LatencyMaxMs.ToString("F2", CultureInfo.InvariantCulture),
                r.CpuSeconds.ToString("F2", CultureInfo.InvariantCulture),
                r.CpuMicrosPerFlow.ToString("F1", CultureInfo.InvariantCulture),
                r.AllocatedBytesPerFlow.ToString("N0", CultureInfo.InvariantCulture),
                r.Verified ? $"[green]{r.FlowsOnSwitches:N0}[/]" : $"[red]{r.FlowsOnSwitches:N0} of {r.Flows:N0}[/]");
        }

        AnsiConsole.Write(table);
        if (json is not null)
        {
            await using var stream = json.Create();
            await JsonSerializer.SerializeAsync(stream, new { Command = "bench rest", Machine = MachineInfo.Current(), Parameters = options, Runs = results }, Json, ct).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"figures written to [bold]{json.FullName}[/]");
        }

        return results.All(r => r.Verified) ? 0 : 1;
    }
}
