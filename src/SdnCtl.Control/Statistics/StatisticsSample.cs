using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Statistics;

/// <summary>
/// Turns one poll's replies into a <see cref="SwitchStatistics"/>, with rates against the previous
/// sample. Pure, so the rate rules are tested without a switch.
/// </summary>
/// <remarks>
/// A port or flow is matched to its previous reading by port number, and by table, priority, cookie
/// and match. Its rates are <see langword="null"/> when there is no previous reading, or when the
/// switch's duration for it went back (the port or flow was re-created, so its counters restarted);
/// a counter that went back without that sign counts 0 (<see cref="CounterRate.PerSecond"/>). Rates
/// are never negative.
/// </remarks>
public static class StatisticsSample
{
    /// <summary>The sample of <paramref name="datapathId"/> taken at <paramref name="at"/>.</summary>
    /// <param name="previous">The previous sample of the same switch session, or <see langword="null"/>.</param>
    /// <param name="datapathId">The switch.</param>
    /// <param name="ports">Every entry of the PORT_STATS reply's parts.</param>
    /// <param name="flows">Every entry of the FLOW_STATS reply's parts.</param>
    /// <param name="at">When the replies arrived.</param>
    public static SwitchStatistics Next(
        SwitchStatistics? previous,
        ulong datapathId,
        IEnumerable<PortStatsEntry> ports,
        IEnumerable<FlowStatsEntry> flows,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(flows);
        if (previous is not null && previous.DatapathId != datapathId)
        {
            throw new ArgumentException($"the previous sample is of switch {previous.DatapathId:x16}, not {datapathId:x16}", nameof(previous));
        }

        TimeSpan? since = previous is null ? null : at - previous.SampledAt;
        var previousPorts = previous?.Ports.ToDictionary(p => p.PortNo) ?? [];
        var portSamples = ImmutableArray.CreateBuilder<PortStatistics>();
        foreach (PortStatsEntry e in ports.OrderBy(p => p.PortNo))
        {
            var counters = PortCounters.From(e);
            var duration = Duration(e.DurationSec, e.DurationNsec);
            PortRates? rates = since is { } elapsed && previousPorts.TryGetValue(e.PortNo, out PortStatistics? before) && duration >= before.Duration
                ? PortRates.Between(before.Counters, counters, elapsed)
                : null;
            portSamples.Add(new PortStatistics(datapathId, e.PortNo, counters, rates, duration, at));
        }

        var previousFlows = new Dictionary<string, FlowStatistics>(StringComparer.Ordinal);
        foreach (FlowStatistics f in previous?.Flows ?? [])
        {
            previousFlows.TryAdd(Key(f.Entry), f);
        }

        var flowSamples = ImmutableArray.CreateBuilder<FlowStatistics>();
        foreach (FlowStatsEntry e in flows.OrderBy(f => f.TableId).ThenByDescending(f => f.Priority))
        {
            FlowRates? rates = null;
            if (since is { } elapsed && previousFlows.TryGetValue(Key(e), out FlowStatistics? before)
                && Duration(e.DurationSec, e.DurationNsec) >= Duration(before.Entry.DurationSec, before.Entry.DurationNsec))
            {
                rates = new FlowRates(
                    CounterRate.PerSecond(before.Entry.ByteCount, e.ByteCount, elapsed),
                    CounterRate.PerSecond(before.Entry.PacketCount, e.PacketCount, elapsed));
            }

            flowSamples.Add(new FlowStatistics(datapathId, e, rates, at));
        }

        return new SwitchStatistics(datapathId, at, since, portSamples.ToImmutable(), flowSamples.ToImmutable());
    }

    private static TimeSpan Duration(uint seconds, uint nanoseconds) =>
        TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(nanoseconds / 100);

    /// <summary>What identifies a flow entry (spec 6.4: table, priority and match; the cookie is ours to tell rules apart).</summary>
    private static string Key(FlowStatsEntry e)
    {
        var sb = new StringBuilder(64);
        sb.Append(CultureInfo.InvariantCulture, $"{e.TableId}/{e.Priority}/{e.Cookie:x}");
        foreach (OxmEntry m in e.Match)
        {
            sb.Append(CultureInfo.InvariantCulture, $";{(int)m.Field}={m.Value:x}");
            if (m.HasMask)
            {
                sb.Append(CultureInfo.InvariantCulture, $"/{m.Mask:x}");
            }
        }

        return sb.ToString();
    }
}
