using SdnCtl.Control.Statistics;

namespace SdnCtl.Api.Statistics;

/// <summary>Starts the <see cref="StatisticsCollector"/>'s periodic polling with the web host, and stops it first on shutdown.</summary>
internal sealed class StatisticsPolling(StatisticsCollector collector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => collector.DisposeAsync().AsTask();
}
