using System.CommandLine;
using System.Globalization;
using SdnCtl.Cli.Bench;
using Spectre.Console;

namespace SdnCtl.Cli.Commands;

/// <summary><c>sdnctl bench flows</c>: proactive flow installation throughput over real TCP; <c>bench reactive</c> lives in <see cref="ReactiveBenchCommand"/>.</summary>
internal static class BenchCommand
{
    private static readonly string[] SweepParameters = ["batch", "switches", "window", "flows", "tables"];

    public static Command Create()
    {
        var command = new Command("bench", "Performance runs against an in-process controller and simulated switches");
        command.Subcommands.Add(CreateFlows());
        command.Subcommands.Add(ReactiveBenchCommand.Create());
        command.Subcommands.Add(RestBenchCommand.Create());
        command.Subcommands.Add(CreateSwitches());
        return command;
    }

    private static Command CreateFlows()
    {
        var defaults = new FlowBenchOptions();
        var switches = new Option<int>("--switches") { Description = "Simulated switches", DefaultValueFactory = _ => defaults.Switches };
        var flows = new Option<int>("--flows") { Description = "Flows installed in total", DefaultValueFactory = _ => defaults.Flows };
        var batch = new Option<int>("--batch") { Description = "Flow-mods per batch (one barrier each)", DefaultValueFactory = _ => defaults.Batch };
        var window = new Option<int>("--window") { Description = "Batches in flight per switch", DefaultValueFactory = _ => defaults.Window };
        var tables = new Option<int>("--tables") { Description = "Spread the flows over this many tables", DefaultValueFactory = _ => defaults.Tables };
        var switchThreads = new Option<int>("--switch-threads") { Description = "Event-loop threads of the simulated switches (0 = default)", DefaultValueFactory = _ => defaults.SwitchThreads };
        var serverThreads = new Option<int>("--server-threads") { Description = "Event-loop threads of the controller (0 = default)", DefaultValueFactory = _ => defaults.ServerThreads };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip reading the tables back" };
        var warmup = new Option<int>("--warmup") { Description = "Flows per switch installed and deleted before the clock starts (0 = measure cold)", DefaultValueFactory = _ => defaults.Warmup };
        var switchProcess = new Option<bool>("--switch-process") { Description = "Run the simulated switches in a separate process (sdnctl bench switches)" };
        var modifyDelete = new Option<bool>("--modify-delete") { Description = "After installing, modify every flow (MODIFY_STRICT) and then delete every flow (DELETE_STRICT), measuring each" };
        var json = new Option<FileInfo?>("--json") { Description = "Write every figure, the machine and the parameters to FILE" };
        var sweep = new Option<string?>("--sweep") { Description = "Run once per value, e.g. batch=100,1000,10000 or switches=1,4,16" };
        var plot = new Option<FileInfo?>("--plot") { Description = "With --sweep: draw throughput against the swept parameter as SVG" };
        var command = new Command("flows", "Install flows in barrier-confirmed batches on simulated switches over TCP and verify the tables")
        {
            switches, flows, batch, window, tables, switchThreads, serverThreads, noVerify, warmup, modifyDelete, switchProcess, json, sweep, plot,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new FlowBenchOptions
            {
                Switches = parse.GetValue(switches),
                Flows = parse.GetValue(flows),
                Batch = parse.GetValue(batch),
                Window = parse.GetValue(window),
                Tables = parse.GetValue(tables),
                SwitchThreads = parse.GetValue(switchThreads),
                ServerThreads = parse.GetValue(serverThreads),
                Verify = !parse.GetValue(noVerify),
                Warmup = parse.GetValue(warmup),
                ModifyAndDelete = parse.GetValue(modifyDelete),
                SwitchProcess = parse.GetValue(switchProcess),
            };
            return RunFlowsAsync(options, parse.GetValue(sweep), parse.GetValue(json), parse.GetValue(plot), ct);
        });
        return command;
    }

    /// <summary>The child process of <c>bench flows --switch-process</c>; runs until its standard input closes.</summary>
    private static Command CreateSwitches()
    {
        var controller = new Option<string>("--controller") { Description = "127.0.0.1:PORT of the controller (the bench runs on loopback)", Required = true };
        var switches = new Option<int>("--switches") { Description = "Simulated switches", DefaultValueFactory = _ => 16 };
        var maxFlows = new Option<int>("--max-flows") { Description = "Flows each switch must be able to hold", DefaultValueFactory = _ => 1_000_000 };
        var tables = new Option<int>("--tables") { Description = "Flow tables used", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--switch-threads") { Description = "Event-loop threads (0 = default)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("switches", "Simulated switches for bench flows --switch-process; run until standard input closes")
        {
            controller, switches, maxFlows, tables, threads,
        };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            if (!System.Net.IPEndPoint.TryParse(parse.GetValue(controller)!, out var endPoint) || endPoint.Port == 0)
            {
                await Console.Error.WriteLineAsync("--controller: expected HOST:PORT").ConfigureAwait(false);
                return 2;
            }

            return await BenchSwitches.RunChildAsync(endPoint.Port, parse.GetValue(switches), parse.GetValue(maxFlows), parse.GetValue(tables), parse.GetValue(threads), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunFlowsAsync(FlowBenchOptions baseline, string? sweep, FileInfo? json, FileInfo? plot, CancellationToken ct)
    {
        if (!TryParseSweep(sweep, out string parameter, out var values, out string? sweepError))
        {
            await Console.Error.WriteLineAsync($"--sweep: {sweepError}").ConfigureAwait(false);
            return 2;
        }

        if (plot is not null && sweep is null)
        {
            await Console.Error.WriteLineAsync("--plot needs --sweep").ConfigureAwait(false);
            return 2;
        }

        var runs = new List<(double X, FlowBenchResult Result)>();
        foreach (int value in values)
        {
            var options = sweep is null ? baseline : With(baseline, parameter, value);
            if (options.Validate() is { } invalid)
            {
                await Console.Error.WriteLineAsync(invalid).ConfigureAwait(false);
                return 2;
            }

            var result = await RunWithProgressAsync(options, ct).ConfigureAwait(false);
            runs.Add((value, result));
        }

        var results = runs.Select(r => r.Result).ToList();
        BenchReport.WriteTable(results);
        if (json is not null)
        {
            await BenchReport.WriteJsonAsync(json, sweep, results, ct).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"figures written to [bold]{json.FullName}[/]");
        }

        if (plot is not null)
        {
            await BenchReport.WritePlotAsync(plot, parameter, runs, ct).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"plot written to [bold]{plot.FullName}[/]");
        }

        return results.All(r => !r.Verification.Performed || r.Verification.Passed) && results.All(r => r.Errors == 0)
            && results.SelectMany(r => r.LaterPhases).All(p => p.Errors == 0 && (!p.Verification.Performed || p.Verification.Passed)) ? 0 : 1;
    }

    private static async Task<FlowBenchResult> RunWithProgressAsync(FlowBenchOptions options, CancellationToken ct)
    {
        long confirmed = 0;
        FlowBenchResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"{options.Flows:N0} flows → {options.Switches} switches, batch {options.Batch}", maxValue: Math.Max(1, options.Flows));
                var run = FlowBench.RunAsync(options, n => Volatile.Write(ref confirmed, n), cancellationToken: ct);
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(100, ct)).ConfigureAwait(false);
                    task.Value = Volatile.Read(ref confirmed);
                }

                result = await run.ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result!;
    }

    private static FlowBenchOptions With(FlowBenchOptions o, string parameter, int value) => parameter switch
    {
        "batch" => o with { Batch = value },
        "switches" => o with { Switches = value },
        "window" => o with { Window = value },
        "flows" => o with { Flows = value },
        _ => o with { Tables = value },
    };

    private static bool TryParseSweep(string? sweep, out string parameter, out int[] values, out string? error)
    {
        parameter = "";
        values = [0];
        error = null;
        if (sweep is null)
        {
            return true;
        }

        int eq = sweep.IndexOf('=', StringComparison.Ordinal);
        parameter = eq > 0 ? sweep[..eq].Trim().ToLowerInvariant() : "";
        if (!SweepParameters.Contains(parameter))
        {
            error = $"'{sweep}' is not PARAMETER=V1,V2,... with PARAMETER one of {string.Join(", ", SweepParameters)}";
            return false;
        }

        var list = new List<int>();
        foreach (string part in sweep[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            {
                error = $"'{part}' is not an integer";
                return false;
            }

            list.Add(v);
        }

        if (list.Count == 0)
        {
            error = "no values";
            return false;
        }

        values = [.. list];
        return true;
    }
}
