using Prometheus;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control.Statistics;
using SdnCtl.Control.Tenants;

namespace SdnCtl.Api.Metrics;

/// <summary>
/// The collector's samples as Prometheus counters, set from the last sample when Prometheus scrapes:
/// per port <c>sdnctl_port_{rx,tx}_{bytes,packets}_total{dpid,port}</c> and per tenant
/// <c>sdnctl_tenant_{rx,tx}_{bytes,packets}_total{tenant}</c> (its access ports summed); rates are
/// <c>rate()</c> of them.
/// </summary>
/// <remarks>
/// Label cardinality is bounded: one series per connected switch port and per tenant, at most
/// <see cref="MaxPortSeries"/> ports and <see cref="MaxTenantSeries"/> tenants (the lowest datapath
/// ids and names first; what is left out is counted in <c>sdnctl_stats_series_left_out</c>). No flow
/// labels: flows come and go by the thousand, they are read from <c>/api/v1/stats/flows</c> instead.
/// A port or tenant that goes away loses its series; a switch counter that restarted (reconnect)
/// restarts its series too, which <c>rate()</c> reads as a counter reset.
/// </remarks>
internal static class StatisticsMetrics
{
    public const int MaxPortSeries = 4096;
    public const int MaxTenantSeries = 1024;

    public static void Register(CollectorRegistry registry, StatisticsCollector collector, Func<ITenantService?> tenants)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        string[] portLabels = ["dpid", "port"];
        string[] tenantLabels = ["tenant"];
        var portSeries = new[]
        {
            new Series(factory.CreateCounter("sdnctl_port_rx_bytes_total", "Bytes received by a switch port (OFPMP_PORT_STATS, last poll).", portLabels), c => c.RxBytes),
            new Series(factory.CreateCounter("sdnctl_port_tx_bytes_total", "Bytes sent by a switch port (last poll).", portLabels), c => c.TxBytes),
            new Series(factory.CreateCounter("sdnctl_port_rx_packets_total", "Packets received by a switch port (last poll).", portLabels), c => c.RxPackets),
            new Series(factory.CreateCounter("sdnctl_port_tx_packets_total", "Packets sent by a switch port (last poll).", portLabels), c => c.TxPackets),
        };
        var tenantSeries = new[]
        {
            new Series(factory.CreateCounter("sdnctl_tenant_rx_bytes_total", "Bytes a tenant's machines sent into the network (its access ports' rx, last poll).", tenantLabels), c => c.RxBytes),
            new Series(factory.CreateCounter("sdnctl_tenant_tx_bytes_total", "Bytes the network delivered to a tenant's machines (its access ports' tx, last poll).", tenantLabels), c => c.TxBytes),
            new Series(factory.CreateCounter("sdnctl_tenant_rx_packets_total", "Packets a tenant's machines sent (last poll).", tenantLabels), c => c.RxPackets),
            new Series(factory.CreateCounter("sdnctl_tenant_tx_packets_total", "Packets delivered to a tenant's machines (last poll).", tenantLabels), c => c.TxPackets),
        };
        var leftOut = factory.CreateGauge("sdnctl_stats_series_left_out", "Ports or tenants left out of the per-port and per-tenant series to bound label cardinality.", "kind");
        var rounds = factory.CreateCounter("sdnctl_stats_rounds_total", "Statistics poll rounds finished.");
        var skipped = factory.CreateCounter("sdnctl_stats_polls_skipped_total", "Switch polls skipped because the switch's previous poll was still running.");
        var failed = factory.CreateCounter("sdnctl_stats_polls_failed_total", "Switch polls that failed (disconnect, error, timeout).");

        registry.AddBeforeCollectCallback(() =>
        {
            var ports = collector.Samples.SelectMany(s => s.Ports).ToList();
            var portValues = ports.Take(MaxPortSeries)
                .Select(p => (Labels: new[] { DatapathIds.Format(p.DatapathId), p.PortNo.ToString(System.Globalization.CultureInfo.InvariantCulture) }, p.Counters))
                .ToList();
            leftOut.WithLabels("port").Set(ports.Count - portValues.Count);
            foreach (Series s in portSeries)
            {
                s.Publish(portValues);
            }

            var specs = tenants()?.Tenants.OrderBy(t => t.Name, StringComparer.Ordinal).ToList() ?? [];
            var tenantValues = specs.Take(MaxTenantSeries).Select(t => (Labels: new[] { t.Name }, collector.ForTenant(t).Counters)).ToList();
            leftOut.WithLabels("tenant").Set(specs.Count - tenantValues.Count);
            foreach (Series s in tenantSeries)
            {
                s.Publish(tenantValues);
            }

            rounds.IncTo(collector.RoundsCompleted);
            skipped.IncTo(collector.PollsSkipped);
            failed.IncTo(collector.PollsFailed);
        });
    }

    /// <summary>One counter family and the field of <see cref="PortCounters"/> it shows.</summary>
    internal sealed class Series(Counter counter, Func<PortCounters, ulong> field)
    {
        /// <summary>Sets one series per entry of <paramref name="values"/> and removes the series of labels no longer there.</summary>
        public void Publish(List<(string[] Labels, PortCounters Counters)> values)
        {
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (labels, counters) in values)
            {
                current.Add(string.Join('\n', labels));
                double value = field(counters);
                Counter.Child child = counter.WithLabels(labels);
                if (value < child.Value)
                {
                    // The switch's counter restarted: so does the series (a Prometheus counter never goes down).
                    counter.RemoveLabelled(labels);
                    child = counter.WithLabels(labels);
                }

                child.IncTo(value);
            }

            foreach (string[] gone in counter.GetAllLabelValues().Where(l => !current.Contains(string.Join('\n', l))).ToList())
            {
                counter.RemoveLabelled(gone);
            }
        }
    }
}
