namespace SdnCtl.Cli.Hosting;

/// <summary>Waits for Ctrl-C or SIGTERM so long-running commands stop cleanly.</summary>
internal static class Shutdown
{
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                stop.TrySetResult();
            });
        using var registration = cancellationToken.Register(() => stop.TrySetResult());
        try
        {
            await stop.Task.ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
