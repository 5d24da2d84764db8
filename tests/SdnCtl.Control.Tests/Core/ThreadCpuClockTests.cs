using SdnCtl.Control.Core;

namespace SdnCtl.Control.Tests.Core;

public class ThreadCpuClockTests
{
    [Fact]
    public void NowNs_AfterWorkWithoutAContextSwitch_HasAdvancedByThatWork()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(-1, ThreadCpuClock.NowNs());
            return;
        }

        long before = ThreadCpuClock.NowNs();
        Assert.True(before > 0, $"clock read {before}");

        // A short burst of work, far below a scheduler tick (4 ms): the schedstat file the clock used
        // to read was only brought up to date at ticks and context switches and often said 0 here.
        long readings = 0;
        long after = before;
        while (after == before && readings < 1_000_000)
        {
            after = ThreadCpuClock.NowNs();
            readings++;
        }

        Assert.True(after > before, $"no progress after {readings} reads");
        Assert.True(readings < 1_000_000);
    }

    [Fact]
    public void NowNs_OnAnotherThread_CountsOnlyThatThreadsTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(-1, ThreadCpuClock.NowNs());
            return;
        }

        // Work on this thread until it has 20 ms on its clock beyond where it started.
        long start = ThreadCpuClock.NowNs();
        long mine = start;
        while (mine - start < 20_000_000)
        {
            mine = ThreadCpuClock.NowNs();
        }

        long fresh = -1;
        var thread = new Thread(() => fresh = ThreadCpuClock.NowNs());
        thread.Start();
        thread.Join();

        // A thread that has only just started has run for far less than that.
        Assert.InRange(fresh, 1, mine - 1);
    }
}
