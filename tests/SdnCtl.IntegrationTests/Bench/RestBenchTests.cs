using SdnCtl.Cli.Bench.Rest;

namespace SdnCtl.IntegrationTests.Bench;

/// <summary>The REST bench's own correctness: every flow posted is on a switch afterwards. No timing is asserted.</summary>
public sealed class RestBenchTests
{
    [Fact]
    public async Task RunAsync_ThreeBatchSizes_EveryPostedFlowIsReadBackFromTheSwitches()
    {
        var options = new RestBenchOptions { Switches = 3, BatchSizes = [1, 50, 1_000], FlowsPerSize = 3_000, MaxRequests = 40 };

        var results = await RestFlowBench.RunAsync(options).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal([1, 50, 1_000], results.Select(r => r.BatchSize));
        Assert.Equal([40, 40, 3], results.Select(r => r.Requests));
        Assert.Equal([40L, 2_000L, 3_000L], results.Select(r => r.Flows));
        Assert.All(results, r => Assert.Equal(r.Flows, r.FlowsOnSwitches));
        Assert.All(results, r => Assert.True(r.Verified));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public void Validate_BatchSizeOutOfRange_NamesTheOption(int size) =>
        Assert.StartsWith("--batch", new RestBenchOptions { BatchSizes = [size] }.Validate());
}
