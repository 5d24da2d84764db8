using Prometheus;
using SdnCtl.Api.Metrics;
using SdnCtl.Control.Statistics;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>Per-port and per-tenant Prometheus series: set from samples, restarted with a switch counter, removed with their port.</summary>
public sealed class StatisticsMetricsTests
{
    private readonly Counter _counter = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())
        .CreateCounter("test_port_rx_bytes_total", "test", "dpid", "port");

    [Fact]
    public void Publish_CounterGrows_SeriesFollows()
    {
        var series = new StatisticsMetrics.Series(_counter, c => c.RxBytes);
        series.Publish([(["1", "1"], Rx(100))]);
        series.Publish([(["1", "1"], Rx(250))]);
        Assert.Equal(250, _counter.WithLabels("1", "1").Value);
    }

    [Fact]
    public void Publish_SwitchCounterRestarted_SeriesRestartsInsteadOfStickingAtTheOldValue()
    {
        var series = new StatisticsMetrics.Series(_counter, c => c.RxBytes);
        series.Publish([(["1", "1"], Rx(1_000_000))]);
        series.Publish([(["1", "1"], Rx(40))]);
        Assert.Equal(40, _counter.WithLabels("1", "1").Value);
    }

    [Fact]
    public void Publish_PortGone_ItsSeriesIsRemoved()
    {
        var series = new StatisticsMetrics.Series(_counter, c => c.RxBytes);
        series.Publish([(["1", "1"], Rx(5)), (["1", "2"], Rx(7))]);
        series.Publish([(["1", "2"], Rx(8))]);
        Assert.Equal([["1", "2"]], _counter.GetAllLabelValues());
    }

    private static PortCounters Rx(ulong bytes) => new(0, 0, bytes, 0, 0, 0, 0, 0);
}
