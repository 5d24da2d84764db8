using System.Text.Json;
using DotNetty.Common;
using SdnCtl.Cli.Hosting;

namespace SdnCtl.IntegrationTests.Cli;

/// <summary>
/// The process-wide I/O settings <c>sdnctl</c> makes before it opens a socket (inline socket completions,
/// DotNetty leak detection off), and that a user's own environment wins over them.
/// </summary>
public sealed class ProcessTuningTests
{
    [Fact]
    public void Decide_NothingSet_InlinesCompletionsAndTurnsLeakDetectionOff()
    {
        var (inline, leaks) = ProcessTuning.Decide(_ => null);

        Assert.Equal("1", inline);
        Assert.Equal(ResourceLeakDetector.DetectionLevel.Disabled, leaks);
    }

    [Fact]
    public void Decide_UserSetBoth_LeavesBothAlone()
    {
        var environment = new Dictionary<string, string?>
        {
            [ProcessTuning.InlineCompletionsVariable] = "0",
            [ProcessTuning.LeakDetectionVariable] = "paranoid",
        };

        var (inline, leaks) = ProcessTuning.Decide(name => environment.GetValueOrDefault(name));

        Assert.Null(inline);
        Assert.Null(leaks);
    }

    [Fact]
    public async Task BenchReport_FreshProcess_ShowsTheSettingsInEffect()
    {
        var machine = await BenchMachineAsync(new Dictionary<string, string?>
        {
            [ProcessTuning.InlineCompletionsVariable] = null,
            [ProcessTuning.LeakDetectionVariable] = null,
        });

        Assert.True(machine.GetProperty("InlineSocketCompletions").GetBoolean());
        Assert.Equal("Disabled", machine.GetProperty("LeakDetection").GetString());
    }

    [Fact]
    public async Task BenchReport_UserEnvironment_WinsOverTheDefaults()
    {
        var machine = await BenchMachineAsync(new Dictionary<string, string?>
        {
            [ProcessTuning.InlineCompletionsVariable] = "0",
            [ProcessTuning.LeakDetectionVariable] = "paranoid",
        });

        Assert.False(machine.GetProperty("InlineSocketCompletions").GetBoolean());
        Assert.Equal("Paranoid", machine.GetProperty("LeakDetection").GetString());
    }

    /// <summary>Runs a tiny reactive bench against the built-in echo controller and returns its report's machine section.</summary>
    private static async Task<JsonElement> BenchMachineAsync(IReadOnlyDictionary<string, string?> environment)
    {
        string json = Path.Combine(Path.GetTempPath(), $"sdnctl-tuning-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, stdout, stderr) = await SdnctlProcess.RunAsync(
                environment,
                "bench", "reactive", "--controller", "echo", "--switches", "1", "--packets", "200", "--latency-packets", "50", "--json", json);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            return document.RootElement.GetProperty("Machine").Clone();
        }
        finally
        {
            File.Delete(json);
        }
    }
}
