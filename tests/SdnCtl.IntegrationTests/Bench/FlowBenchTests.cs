using SdnCtl.Cli.Bench;

namespace SdnCtl.IntegrationTests.Bench;

/// <summary>The flow bench's own correctness: every flow it installs is read back exactly once. No timing is asserted.</summary>
public sealed class FlowBenchTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task RunAsync_FourSwitchesTenThousandFlowsEach_VerificationFindsEveryFlowExactlyOnce()
    {
        var options = new FlowBenchOptions { Switches = 4, Flows = 40_000, Batch = 1000, Window = 4 };
        long lastProgress = 0;

        var result = await FlowBench.RunAsync(options, n => Interlocked.Exchange(ref lastProgress, n)).WaitAsync(Guard);

        Assert.Equal(0, result.Errors);
        Assert.Equal(40_000, result.FlowsInstalled);
        Assert.Equal(40, result.Batches);
        Assert.True(result.Verification.Performed);
        Assert.Equal(40_000, result.Verification.EntriesRead);
        Assert.Equal(0, result.Verification.Missing);
        Assert.Equal(0, result.Verification.Duplicates);
        Assert.Equal(0, result.Verification.Unexpected);
        Assert.True(result.Verification.Passed);
        Assert.Equal(40_000, Interlocked.Read(ref lastProgress));
    }

    [Fact]
    public async Task RunAsync_WarmupLargerThanTheRun_LeavesNothingBehindAndIsNotCounted()
    {
        // 700 flows per switch installed and deleted before the clock, more than the 500 each of the
        // timed run: the tables must hold exactly the timed run's flows, and only its messages count.
        var options = new FlowBenchOptions { Switches = 4, Flows = 2_000, Batch = 300, Window = 2, Warmup = 700 };

        var result = await FlowBench.RunAsync(options).WaitAsync(Guard);

        Assert.Equal(0, result.Errors);
        Assert.Equal(2_000, result.FlowsInstalled);
        Assert.Equal(2_000, result.Verification.EntriesRead);
        Assert.Equal(0, result.Verification.Unexpected);
        Assert.True(result.Verification.Passed);

        // 2,000 FLOW_MODs and 4 × 2 barriers; the warm-up sent 5,600 FLOW_MODs more (a few echo
        // requests may fall in the window).
        Assert.InRange(result.MessagesToSwitches, 2_008, 2_100);
    }

    [Fact]
    public async Task RunAsync_SwitchesOnThreeEventLoops_VerificationFindsEveryFlowExactlyOnce()
    {
        var options = new FlowBenchOptions { Switches = 5, Flows = 15_001, Batch = 400, Window = 3, SwitchThreads = 3 };

        var result = await FlowBench.RunAsync(options).WaitAsync(Guard);

        Assert.Equal(0, result.Errors);
        Assert.Equal(15_001, result.FlowsInstalled);
        Assert.Equal(15_001, result.Verification.EntriesRead);
        Assert.Equal(0, result.Verification.Missing);
        Assert.Equal(0, result.Verification.Duplicates);
        Assert.True(result.Verification.Passed);
    }

    [Fact]
    public async Task RunAsync_FlowsSpreadOverTables_VerificationFindsEveryFlowExactlyOnce()
    {
        var options = new FlowBenchOptions { Switches = 2, Flows = 9_999, Batch = 700, Window = 2, Tables = 3 };

        var result = await FlowBench.RunAsync(options).WaitAsync(Guard);

        Assert.Equal(0, result.Errors);
        Assert.Equal(9_999, result.FlowsInstalled);
        Assert.Equal(9_999, result.Verification.EntriesRead);
        Assert.True(result.Verification.Passed);
    }

    [Fact]
    public async Task RunAsync_ModifyAndDelete_EveryFlowGetsItsNewOutputThenEveryTableIsEmpty()
    {
        var options = new FlowBenchOptions { Switches = 3, Flows = 6_000, Batch = 500, Window = 2, Tables = 2, ModifyAndDelete = true };

        var result = await FlowBench.RunAsync(options).WaitAsync(Guard);

        Assert.True(result.Verification.Passed);
        Assert.Equal(["modify", "delete"], result.LaterPhases.Select(p => p.Operation));
        FlowPhaseResult modify = result.LaterPhases[0], delete = result.LaterPhases[1];
        Assert.Equal(6_000, modify.Flows);
        Assert.Equal(0, modify.Errors);
        Assert.Equal(6_000, modify.Verification.EntriesRead);
        Assert.Equal(0, modify.Verification.WrongOutput);
        Assert.True(modify.Verification.Passed);
        Assert.Equal(6_000, delete.Flows);
        Assert.Equal(0, delete.Errors);
        Assert.Equal(0, delete.Verification.EntriesRead);
        Assert.True(delete.Verification.Passed);
        // The switches run in this process, so each phase allocates something (its batches' barriers at least).
        Assert.All(result.LaterPhases, p => Assert.True(p.AllocatedBytes > 0 && p.CpuMicrosecondsPerFlow > 0, p.Operation));
    }

    [Fact]
    public void OutputPort_ModifiedAndOriginal_AlwaysDiffer() =>
        Assert.All(Enumerable.Range(0, 3_000), i => Assert.NotEqual(FlowSet.OutputPort(i, modified: false), FlowSet.OutputPort(i, modified: true)));

    [Fact]
    public async Task RunAsync_SwitchesInAChildProcess_VerificationFindsEveryFlowAndTheChildHasExited()
    {
        var options = new FlowBenchOptions { Switches = 2, Flows = 4_000, Batch = 500, Window = 2, SwitchProcess = true };

        var result = await FlowBench.RunAsync(options).WaitAsync(Guard);

        Assert.Equal(0, result.Errors);
        Assert.Equal(4_000, result.FlowsInstalled);
        Assert.True(result.Verification.Passed);
        Assert.NotNull(result.SwitchProcessId);
        Assert.NotEqual(Environment.ProcessId, result.SwitchProcessId);
        Assert.False(Directory.Exists($"/proc/{result.SwitchProcessId}"), "the switch process outlived the run");
    }
}
