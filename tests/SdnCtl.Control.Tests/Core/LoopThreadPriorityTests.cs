using SdnCtl.Control.Core;

namespace SdnCtl.Control.Tests.Core;

public class LoopThreadPriorityTests
{
    [Fact]
    public void TrySetNice_LoweringOnAThreadOfItsOwn_IsSeenByCurrentNice()
    {
        // Lowering needs no privilege; on a thread of its own so that no test runner thread changes.
        string? refused = "not run";
        int? before = null, after = null;
        var thread = new Thread(() =>
        {
            before = LoopThreadPriority.CurrentNice();
            refused = LoopThreadPriority.TrySetNice(Math.Min(19, (before ?? 0) + 1));
            after = LoopThreadPriority.CurrentNice();
        });
        thread.Start();
        thread.Join();

        if (!OperatingSystem.IsLinux())
        {
            Assert.NotNull(refused);
            return;
        }

        Assert.Null(refused);
        Assert.NotNull(before);
        Assert.Equal(Math.Min(19, before.Value + 1), after);
    }

    [Fact]
    public void Validate_NiceOutOfRange_NamesTheOption()
    {
        var options = new ControllerOptions { LoopThreadNice = -21 };

        Assert.Contains(options.Validate(), p => p.Contains("LoopThreadNice", StringComparison.Ordinal));
    }
}
