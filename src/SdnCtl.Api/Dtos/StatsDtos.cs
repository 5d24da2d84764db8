namespace SdnCtl.Api.Dtos;

/// <summary>Counters in one direction of a port (or of a tenant's ports).</summary>
public sealed record DirectionCountersDto(ulong Packets, ulong Bytes, ulong Dropped, ulong Errors);

/// <summary>Per-second rates between the last two samples.</summary>
public sealed record PortRatesDto(double RxBytesPerSecond, double TxBytesPerSecond, double RxPacketsPerSecond, double TxPacketsPerSecond);

/// <summary>One port's last sample (multipart PORT_STATS). <c>rates</c> is absent until the port has two samples of one switch session.</summary>
public sealed record PortStatsDto(
    string Dpid,
    string? Switch,
    uint Port,
    DirectionCountersDto Rx,
    DirectionCountersDto Tx,
    PortRatesDto? Rates,
    double DurationSeconds,
    DateTimeOffset SampledAt,
    double AgeSeconds);

/// <summary>Per-second rates of one flow between the last two samples.</summary>
public sealed record FlowRatesDto(double BytesPerSecond, double PacketsPerSecond);

/// <summary>One flow entry's last sample (multipart FLOW_STATS), match in readable fields as the flows API writes it.</summary>
public sealed record FlowStatsDto(
    string Dpid,
    string? Switch,
    int Table,
    int Priority,
    string Cookie,
    IReadOnlyDictionary<string, object> Match,
    ulong Packets,
    ulong Bytes,
    double DurationSeconds,
    FlowRatesDto? Rates,
    DateTimeOffset SampledAt,
    double AgeSeconds);

/// <summary>One access port of a tenant; <c>stats</c> is absent while its switch has not been sampled.</summary>
public sealed record TenantPortStatsDto(string Segment, string Member, string? Dpid, PortStatsDto? Stats);

/// <summary>
/// A tenant's traffic summed over its access ports (port members): <c>rx</c> is what its machines sent
/// into the network, <c>tx</c> what the network delivered to them. Members by MAC or subnet have no
/// port of their own and are not counted.
/// </summary>
public sealed record TenantStatsDto(
    string Tenant,
    DirectionCountersDto Rx,
    DirectionCountersDto Tx,
    PortRatesDto Rates,
    DateTimeOffset? SampledAt,
    double? AgeSeconds,
    double IntervalSeconds,
    IReadOnlyList<TenantPortStatsDto> Ports);

/// <summary>What a poll round asked for over the API did.</summary>
public sealed record PollRoundDto(int Polled, int Skipped, int Failed);
