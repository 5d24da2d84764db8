using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace SdnCtl.Cli.Bench;

/// <summary>Summary table, JSON file and SVG plot of one or more flow bench runs.</summary>
internal static class BenchReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void WriteTable(IReadOnlyList<FlowBenchResult> results)
    {
        var table = new Table().Title("sdnctl bench flows").AddColumn("figure");
        foreach (var r in results)
        {
            table.AddColumn(new TableColumn($"{r.Parameters.Switches} sw × batch {r.Parameters.Batch}").RightAligned());
        }

        void Row(string name, Func<FlowBenchResult, string> value) =>
            table.AddRow([name, .. results.Select(value)]);

        static string N(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);
        Row("switches / tables / window", r => $"{r.Parameters.Switches} / {r.Parameters.Tables} / {r.Parameters.Window}");
        Row("warm-up (flows per switch, untimed)", r => N(r.Parameters.Warmup));
        Row("flows installed", r => N(r.FlowsInstalled));
        Row("[bold]flows/s[/]", r => $"[bold]{N(r.FlowsPerSecond)}[/]");
        Row("elapsed (s)", r => N(r.ElapsedSeconds, "F3"));
        Row("first / last barrier (ms)", r => $"{N(r.FirstBarrierMs, "F1")} / {N(r.LastBarrierMs, "F1")}");
        Row("batch latency p50 / p99 / max (ms)", r => $"{N(r.BatchLatencyP50Ms, "F2")} / {N(r.BatchLatencyP99Ms, "F2")} / {N(r.BatchLatencyMaxMs, "F2")}");
        Row("CPU time (s) / µs per flow", r => $"{N(r.CpuSeconds, "F2")} / {N(r.CpuMicrosecondsPerFlow, "F2")}");
        Row("bytes to / from switches", r => $"{N(r.BytesToSwitches)} / {N(r.BytesFromSwitches)}");
        Row("socket writes", r => N(r.SocketWrites));
        Row("allocated (MB) / B per flow", r => $"{N(r.AllocatedBytes / 1e6, "F1")} / {N(r.AllocatedBytesPerFlow, "F0")}");
        Row("GC gen0 / gen1 / gen2", r => $"{r.Gen0Collections} / {r.Gen1Collections} / {r.Gen2Collections}");
        Row("errors from switches", r => N(r.Errors));
        Row("verification", r => !r.Verification.Performed ? "skipped"
            : r.Verification.Passed ? $"[green]ok[/]: {N(r.Verification.EntriesRead)} entries ({N(r.Verification.Seconds, "F2")} s)"
            : $"[red]FAILED[/]: missing {r.Verification.Missing}, duplicates {r.Verification.Duplicates}, unexpected {r.Verification.Unexpected}");
        if (results.Any(r => r.LaterPhases.Count > 0))
        {
            foreach (string operation in new[] { "modify", "delete" })
            {
                FlowPhaseResult? Phase(FlowBenchResult r) => r.LaterPhases.FirstOrDefault(p => p.Operation == operation);
                Row($"[bold]{operation} flows/s[/]", r => Phase(r) is { } p ? $"[bold]{N(p.FlowsPerSecond)}[/]" : "-");
                Row($"{operation} batch p50 / p99 (ms)", r => Phase(r) is { } p ? $"{N(p.BatchLatencyP50Ms, "F2")} / {N(p.BatchLatencyP99Ms, "F2")}" : "-");
                Row($"{operation} µs CPU / B allocated per flow", r => Phase(r) is { } p ? $"{N(p.CpuMicrosecondsPerFlow, "F2")} / {N(p.AllocatedBytesPerFlow)}" : "-");
                Row($"{operation} verification", r => Phase(r) is not { } p ? "-"
                    : !p.Verification.Performed ? "skipped"
                    : p.Verification.Passed && p.Errors == 0 ? $"[green]ok[/] ({N(p.Verification.EntriesRead)} entries)"
                    : $"[red]FAILED[/]: missing {p.Verification.Missing}, wrong output {p.Verification.WrongOutput}, left/unexpected {p.Verification.Unexpected}, errors {p.Errors}");
            }
        }

        AnsiConsole.Write(table);
    }

    public static async Task WriteJsonAsync(FileInfo file, string? sweep, IReadOnlyList<FlowBenchResult> results, CancellationToken cancellationToken)
    {
        var document = new { Command = "bench flows", Sweep = sweep, Machine = MachineInfo.Current(), Runs = results };
        await using var stream = file.Create();
        await JsonSerializer.SerializeAsync(stream, document, Json, cancellationToken).ConfigureAwait(false);
    }

    public static async Task WritePlotAsync(FileInfo file, string parameter, IReadOnlyList<(double X, FlowBenchResult Result)> runs, CancellationToken cancellationToken)
    {
        string svg = SvgPlot.Render(
            $"sdnctl bench flows: throughput against {parameter}",
            parameter,
            "flows/s (barrier-confirmed)",
            [.. runs.Select(r => (r.X, r.Result.FlowsPerSecond))]);
        await File.WriteAllTextAsync(file.FullName, svg, cancellationToken).ConfigureAwait(false);
    }
}
