using SdnCtl.Cli.Bench.Reactive;

namespace SdnCtl.IntegrationTests.Bench;

/// <summary>
/// The reactive (cbench-style) bench's own correctness against the in-process controller and, where
/// Debian's ovs-testcontroller is installed, against it: every PACKET_IN is answered exactly once by a
/// PACKET_OUT carrying its frame, and known destinations get FLOW_MODs. No timing is asserted.
/// </summary>
public sealed class ReactiveBenchTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task RunAsync_BuiltinController_EveryPacketInAnsweredOnceWithFlowModsForLearnedHosts()
    {
        var options = new ReactiveBenchOptions { Switches = 4, Macs = 500, Packets = 2_000, Window = 100, LatencyPackets = 200 };
        var progress = new List<(string Mode, long Answered, long Expected)>();

        var results = await ReactiveBench.RunAsync(options, (_, mode, answered, expected) =>
        {
            lock (progress)
            {
                progress.Add((mode, answered, expected));
            }
        }).WaitAsync(Guard);

        Assert.Collection(
            results,
            r => AssertComplete(r, "throughput", 8_000, window: 100),
            r => AssertComplete(r, "latency", 800, window: 1));

        // Each switch's first packet goes to a host not learned yet (flooded, no rule); every later
        // packet's destination was the source of the packet before it, so a rule is installed.
        Assert.Equal(8_000 - 4, results[0].FlowMods);
        Assert.Equal(800, results[1].FlowMods);
        Assert.All(results, r => Assert.Equal(0, r.DroppedByController));
        Assert.Contains(progress, p => p.Mode == "throughput" && p.Answered == 8_000 && p.Expected == 8_000);
        Assert.Contains(progress, p => p.Mode == "latency" && p.Answered == 800 && p.Expected == 800);
    }

    [SkippableFact]
    public async Task RunAsync_OvsTestControllerAlongside_BothAnswerEveryPacketIn()
    {
        Skip.IfNot(File.Exists("/usr/bin/ovs-testcontroller"), "ovs-testcontroller is not installed (Debian package openvswitch-testcontroller; .ci/run installs it)");
        var options = new ReactiveBenchOptions
        {
            Switches = 2,
            Macs = 300,
            Packets = 1_000,
            Window = 50,
            Mode = "throughput",
            Controllers = [ReactiveBenchOptions.Builtin, ReactiveBenchOptions.OvsTestController],
        };

        var results = await ReactiveBench.RunAsync(options).WaitAsync(Guard);

        Assert.Equal(["sdnctl", "ovs-testcontroller"], results.Select(r => r.Controller));
        Assert.All(results, r => AssertComplete(r, "throughput", 2_000, window: 50));
        Assert.All(results, r => Assert.True(r.FlowMods > 0, $"{r.Controller} installed no flows"));
    }

    [Fact]
    public async Task RunAsync_EchoFloor_CountsEveryResponseOnceAndLatencyKeepsOneOutstanding()
    {
        var options = new ReactiveBenchOptions { Switches = 4, Macs = 500, Packets = 5_000, Window = 64, LatencyPackets = 300, Controllers = [ReactiveBenchOptions.Echo] };

        var results = await ReactiveBench.RunAsync(options).WaitAsync(Guard);

        Assert.Collection(
            results,
            r => AssertComplete(r, "throughput", 20_000, window: 64),
            r => AssertComplete(r, "latency", 1_200, window: 1));

        // The echo answers every packet-in with exactly one FLOW_MOD for the frame's eth_dst and one PACKET_OUT.
        Assert.All(results, r => Assert.Equal(r.PacketIns, r.FlowMods));
        Assert.All(results, r => Assert.Equal(r.PacketIns, r.PacketOuts));
        Assert.All(results, r => Assert.Equal(0, r.Foreign));
        Assert.InRange(results[0].MaxOutstanding, 2, 64);
        Assert.Equal(1, results[1].MaxOutstanding);
        Assert.All(results, r => Assert.NotNull(r.ControllerCpuSeconds));
    }

    [Fact]
    public async Task RunAsync_LatencyMode_ControllerNeverSeesASecondPacketInBeforeAnsweringTheFirst()
    {
        using var controller = new ScriptedReactiveController { ProbeOutstanding = true };
        var options = new ReactiveBenchOptions { Switches = 2, Macs = 100, LatencyPackets = 200, Mode = "latency", Controllers = [controller.Target] };

        var results = await ReactiveBench.RunAsync(options).WaitAsync(Guard);

        AssertComplete(Assert.Single(results), "latency", 400, window: 1);
        Assert.Equal(0, controller.UnansweredSeen);
        Assert.Null(results[0].ControllerCpuSeconds);
    }

    [Fact]
    public async Task RunAsync_ThroughputWindow_TheOutstandingProbeSeesTheWindow()
    {
        // The probe of the test above can fail: with a window of 4 the controller sees the burst.
        using var controller = new ScriptedReactiveController { ProbeOutstanding = true };
        var options = new ReactiveBenchOptions { Switches = 1, Macs = 100, Packets = 40, Window = 4, Mode = "throughput", Controllers = [controller.Target] };

        var results = await ReactiveBench.RunAsync(options).WaitAsync(Guard);

        AssertComplete(Assert.Single(results), "throughput", 40, window: 4);
        Assert.True(controller.UnansweredSeen >= 3, $"{controller.UnansweredSeen} packet-ins seen unanswered with a window of 4");
    }

    [Fact]
    public async Task RunAsync_ControllerAnswersTwice_SecondAnswersAreDuplicatesNotAnswers()
    {
        using var controller = new ScriptedReactiveController { AnswerTwice = true };
        var options = new ReactiveBenchOptions { Switches = 2, Macs = 100, Packets = 500, Window = 16, Mode = "throughput", Controllers = [controller.Target] };

        var result = Assert.Single(await ReactiveBench.RunAsync(options).WaitAsync(Guard));

        Assert.Equal(1_000, result.Answered);
        Assert.Equal(2_000, result.PacketOuts);
        Assert.Equal(1_000, result.Duplicates);
    }

    [Theory]
    [InlineData(0, "--switches")]
    [InlineData(200, "--switches")]
    public void Validate_SwitchesOutOfRange_NamesTheOption(int switches, string option) =>
        Assert.StartsWith(option, new ReactiveBenchOptions { Switches = switches }.Validate());

    [Theory]
    [InlineData("localhost:6653")]
    [InlineData("ryu")]
    [InlineData("127.0.0.1")]
    [InlineData("echo:1")]
    public void Validate_ControllerNotATarget_NamesTheValue(string controller) =>
        Assert.Contains($"'{controller}'", new ReactiveBenchOptions { Controllers = [controller] }.Validate());

    [Fact]
    public void Validate_Defaults_AreTheIssueDefaults()
    {
        var options = new ReactiveBenchOptions();

        Assert.Null(options.Validate());
        Assert.Equal(16, options.Switches);
        Assert.Equal(100_000, options.Macs);
        Assert.True(options.Switches * options.Window < new SdnCtl.Control.ControllerOptions().MaxPendingPacketIns, "the default window overflows the controller's packet-in queue");
    }

    private static void AssertComplete(ReactiveRunResult r, string mode, long packetIns, int window)
    {
        Assert.Equal(mode, r.Mode);
        Assert.Equal(window, r.Window);
        Assert.Null(r.Error);
        Assert.Equal(packetIns, r.PacketIns);
        Assert.Equal(packetIns, r.Answered);
        Assert.Equal(0, r.Duplicates);
        Assert.True(r.PacketOuts >= r.Answered, $"{r.Controller} {mode}: {r.PacketOuts} packet-outs for {r.Answered} answered packet-ins");
    }
}
