using SdnCtl.Api.Dtos;
using SdnCtl.Control.Network;
using SdnCtl.Control.Statistics;

namespace SdnCtl.Api.Infrastructure;

/// <summary>Maps statistics samples to their DTOs; ages are measured on the collector's clock.</summary>
internal static class StatsText
{
    public static PortStatsDto ToDto(PortStatistics p, TopologySnapshot snapshot, DateTimeOffset now) => new(
        DatapathIds.Format(p.DatapathId),
        snapshot.FindSwitch(p.DatapathId)?.Name,
        p.PortNo,
        new DirectionCountersDto(p.Counters.RxPackets, p.Counters.RxBytes, p.Counters.RxDropped, p.Counters.RxErrors),
        new DirectionCountersDto(p.Counters.TxPackets, p.Counters.TxBytes, p.Counters.TxDropped, p.Counters.TxErrors),
        p.Rates is { } r ? ToDto(r) : null,
        p.Duration.TotalSeconds,
        p.SampledAt,
        Age(p.SampledAt, now));

    public static FlowStatsDto ToDto(FlowStatistics f, TopologySnapshot snapshot, DateTimeOffset now)
    {
        FlowDto flow = FlowText.ToDto(f.Entry);
        return new FlowStatsDto(
            DatapathIds.Format(f.DatapathId),
            snapshot.FindSwitch(f.DatapathId)?.Name,
            flow.Table,
            flow.Priority,
            flow.Cookie,
            flow.Match,
            flow.Packets,
            flow.Bytes,
            flow.DurationSeconds,
            f.Rates is { } r ? new FlowRatesDto(r.Bytes, r.Packets) : null,
            f.SampledAt,
            Age(f.SampledAt, now));
    }

    public static TenantStatsDto ToDto(TenantStatistics t, TopologySnapshot snapshot, DateTimeOffset now, TimeSpan interval) => new(
        t.Tenant,
        new DirectionCountersDto(t.Counters.RxPackets, t.Counters.RxBytes, t.Counters.RxDropped, t.Counters.RxErrors),
        new DirectionCountersDto(t.Counters.TxPackets, t.Counters.TxBytes, t.Counters.TxDropped, t.Counters.TxErrors),
        ToDto(t.Rates),
        t.SampledAt,
        t.SampledAt is { } at ? Age(at, now) : null,
        interval.TotalSeconds,
        [.. t.Ports.Select(p => new TenantPortStatsDto(
            p.Segment,
            p.Member.ToString(),
            p.Port is { } sp ? DatapathIds.Format(sp.DatapathId) : null,
            p.Statistics is { } s ? ToDto(s, snapshot, now) : null))]);

    private static PortRatesDto ToDto(PortRates r) => new(r.RxBytes, r.TxBytes, r.RxPackets, r.TxPackets);

    // A clock that steps back (or a sample taken a hair after the read began) must not give a negative age.
    private static double Age(DateTimeOffset sampledAt, DateTimeOffset now) => Math.Max(0, (now - sampledAt).TotalSeconds);
}
