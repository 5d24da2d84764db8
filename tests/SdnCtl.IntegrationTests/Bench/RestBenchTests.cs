using SdnCtl.Cli.Bench.Rest;
using SdnCtl.Control.Store;

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

    [Fact]
    public async Task RunAsync_WithDataDirectory_StoresEveryConfirmedFlowInSqlite()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sdnctl-restbench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new RestBenchOptions { Switches = 2, BatchSizes = [100], FlowsPerSize = 500, DataDirectory = dir };

            var results = await RestFlowBench.RunAsync(options).WaitAsync(TimeSpan.FromMinutes(3));

            Assert.Equal(500L, Assert.Single(results).FlowsOnSwitches);
            Assert.True(results[0].AllocatedBytes > 0);
            using var store = new SqliteControllerStore(dir);
            // The warm-up request's flows are stored as well as the timed ones.
            var stored = store.ListFlows();
            Assert.Equal(500 + 20, stored.Count);
            Assert.Equal(2, stored.Select(f => f.DatapathId).Distinct().Count());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Validate_DataDirectoryWithAStore_IsRefused()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sdnctl-restbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, SqliteControllerStore.FileName), []);
            Assert.StartsWith("--data-dir", new RestBenchOptions { DataDirectory = dir }.Validate());
            Assert.Null(new RestBenchOptions { DataDirectory = Path.Combine(dir, "fresh") }.Validate());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public void Validate_BatchSizeOutOfRange_NamesTheOption(int size) =>
        Assert.StartsWith("--batch", new RestBenchOptions { BatchSizes = [size] }.Validate());
}
