using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SdnCtl.Cli.Bench;
using SdnCtl.Cli.Bench.Reactive;
using Spectre.Console;

namespace SdnCtl.Cli.Commands;

/// <summary><c>sdnctl bench reactive</c>: cbench-style PACKET_IN → FLOW_MOD/PACKET_OUT load against one or more controllers.</summary>
internal static class ReactiveBenchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create()
    {
        var defaults = new ReactiveBenchOptions();
        var switches = new Option<int>("--switches") { Description = "Emulated switches", DefaultValueFactory = _ => defaults.Switches };
        var macs = new Option<int>("--macs") { Description = "Distinct host MACs per switch", DefaultValueFactory = _ => defaults.Macs };
        var packets = new Option<int>("--packets") { Description = "PACKET_INs per switch in throughput mode", DefaultValueFactory = _ => defaults.Packets };
        var window = new Option<int>("--window") { Description = "Unanswered PACKET_INs per switch in throughput mode", DefaultValueFactory = _ => defaults.Window };
        var latencyPackets = new Option<int>("--latency-packets") { Description = "PACKET_INs per switch in latency mode (one outstanding)", DefaultValueFactory = _ => defaults.LatencyPackets };
        var mode = new Option<string>("--mode") { Description = "throughput, latency or both", DefaultValueFactory = _ => defaults.Mode };
        var controllers = new Option<string[]>("--controller")
        {
            Description = $"Target, repeatable: {ReactiveBenchOptions.Builtin} (in-process, default), {ReactiveBenchOptions.OvsTestController} (started by the bench), {ReactiveBenchOptions.Echo} (the harness floor: an in-process responder) or HOST:PORT",
            AllowMultipleArgumentsPerToken = true,
        };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before an unanswered run is reported as failed", DefaultValueFactory = _ => (int)defaults.Timeout.TotalSeconds };
        var json = new Option<FileInfo?>("--json") { Description = "Write every figure, the machine and the parameters to FILE" };
        var command = new Command("reactive", "cbench-style: emulated switches send PACKET_INs for new flows and count FLOW_MOD/PACKET_OUT responses")
        {
            switches, macs, packets, window, latencyPackets, mode, controllers, timeout, json,
        };
        command.SetAction((parse, ct) =>
        {
            string[] targets = parse.GetValue(controllers) ?? [];
            var options = new ReactiveBenchOptions
            {
                Switches = parse.GetValue(switches),
                Macs = parse.GetValue(macs),
                Packets = parse.GetValue(packets),
                Window = parse.GetValue(window),
                LatencyPackets = parse.GetValue(latencyPackets),
                Mode = parse.GetValue(mode) ?? defaults.Mode,
                Controllers = targets.Length == 0 ? defaults.Controllers : targets,
                Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
            };
            return RunAsync(options, parse.GetValue(json), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(ReactiveBenchOptions options, FileInfo? json, CancellationToken ct)
    {
        if (options.Validate() is { } invalid)
        {
            await Console.Error.WriteLineAsync(invalid).ConfigureAwait(false);
            return 2;
        }

        if (Console.IsOutputRedirected)
        {
            // Redirected output has no width; the summary table needs more than the default 80 columns.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
        }

        IReadOnlyList<ReactiveRunResult> results = [];
        try
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var tasks = new Dictionary<(string, string), ProgressTask>();
                    results = await ReactiveBench.RunAsync(options, (target, mode, answered, expected) =>
                    {
                        lock (tasks)
                        {
                            if (!tasks.TryGetValue((target, mode), out var task))
                            {
                                task = ctx.AddTask($"{target} {mode}: {expected:N0} packet-ins", maxValue: Math.Max(1, expected));
                                tasks.Add((target, mode), task);
                            }

                            task.Value = answered;
                        }
                    }, cancellationToken: ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        WriteTable(results);
        if (json is not null)
        {
            await using var stream = json.Create();
            await JsonSerializer.SerializeAsync(stream, new { Machine = MachineInfo.Current(), Parameters = options, Runs = results }, Json, ct).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"figures written to [bold]{json.FullName}[/]");
        }

        return results.All(r => r.Error is null && r.Answered == r.PacketIns) ? 0 : 1;
    }

    private static void WriteTable(IReadOnlyList<ReactiveRunResult> results)
    {
        var table = new Table().AddColumns("controller", "mode", "switches", "window", "packet-ins", "flow-mods", "packet-outs", "responses/s", "vs first", "p50 µs", "p99 µs", "max µs", "max out", "gen CPU µs/resp", "ctl CPU µs/resp", "result");
        foreach (var r in results)
        {
            var first = results.FirstOrDefault(b => b.Mode == r.Mode);
            string ratio = first is null || first.ResponsesPerSecond == 0 ? "-" : (r.ResponsesPerSecond / first.ResponsesPerSecond).ToString("0.00×", CultureInfo.InvariantCulture);
            table.AddRow(
                Markup.Escape(r.Controller),
                r.Mode,
                r.Switches.ToString(CultureInfo.InvariantCulture),
                r.Window.ToString(CultureInfo.InvariantCulture),
                r.Answered.ToString("N0", CultureInfo.InvariantCulture),
                r.FlowMods.ToString("N0", CultureInfo.InvariantCulture),
                r.PacketOuts.ToString("N0", CultureInfo.InvariantCulture),
                r.ResponsesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                ratio,
                r.LatencyP50Us.ToString("0.0", CultureInfo.InvariantCulture),
                r.LatencyP99Us.ToString("0.0", CultureInfo.InvariantCulture),
                r.LatencyMaxUs.ToString("0.0", CultureInfo.InvariantCulture),
                r.MaxOutstanding.ToString(CultureInfo.InvariantCulture),
                r.GeneratorCpuMicrosecondsPerResponse.ToString("0.00", CultureInfo.InvariantCulture),
                r.ControllerCpuMicrosecondsPerResponse?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape((r.Error ?? (r.Answered == r.PacketIns ? "all answered" : $"{r.PacketIns - r.Answered} unanswered"))
                    + (r.DroppedByController is > 0 ? $"; controller dropped {r.DroppedByController:N0} under overload" : string.Empty)));
        }

        AnsiConsole.Write(table);
    }
}
