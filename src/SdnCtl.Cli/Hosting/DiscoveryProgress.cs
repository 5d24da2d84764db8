using SdnCtl.Control;
using SdnCtl.Topology;
using Spectre.Console;

namespace SdnCtl.Cli.Hosting;

/// <summary>Shows discovery progress until the discovered network matches the topology file.</summary>
internal static class DiscoveryProgress
{
    /// <summary>True when discovery matched the file within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForDeclaredAsync(IControlPlane controlPlane, TopologyDocument declared, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var subscription = controlPlane.Subscribe();
        int expectedLinks = declared.Links.Count * 2;
        bool Done() => controlPlane.CompareWithDeclared() is { IsEmpty: true };

        bool interactive = !Console.IsOutputRedirected;
        try
        {
            if (!interactive)
            {
                if (Done())
                {
                    return true;
                }

                await foreach (var _ in subscription.ReadAllAsync(cts.Token).ConfigureAwait(false))
                {
                    if (Done())
                    {
                        return true;
                    }
                }

                return Done();
            }

            return await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var switches = ctx.AddTask("switches", maxValue: declared.Switches.Count);
                    var links = ctx.AddTask("links", maxValue: Math.Max(1, expectedLinks));
                    void Update()
                    {
                        var t = controlPlane.Topology;
                        switches.Value = t.Switches.Length;
                        links.Value = t.Links.Length;
                    }

                    Update();
                    if (Done())
                    {
                        return true;
                    }

                    await foreach (var _ in subscription.ReadAllAsync(cts.Token).ConfigureAwait(false))
                    {
                        Update();
                        if (Done())
                        {
                            return true;
                        }
                    }

                    return Done();
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Done();
        }
    }
}
