namespace SdnCtl.Api.Dtos;

/// <summary>The body of <c>POST /api/v1/reservations</c>.</summary>
/// <param name="Src">Source host name, MAC, switch name or datapath id.</param>
/// <param name="Dst">Destination, in the same forms.</param>
/// <param name="BandwidthMbps">The rate to hold on every link of the path, greater than 0.</param>
/// <param name="Metric"><c>hops</c> (default), <c>latency</c> or <c>bandwidth</c>: what the reserved path minimises.</param>
public sealed record ReservationRequest(string Src, string Dst, double BandwidthMbps, string? Metric = null);

/// <summary>A bandwidth reservation.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Source">The first switch (or host, as asked).</param>
/// <param name="Destination">The last switch (or host).</param>
/// <param name="BandwidthMbps">The rate held on each link.</param>
/// <param name="Metric">What the path minimises.</param>
/// <param name="Path">The reserved path (after a failure: the last one it had).</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Status"><c>active</c>, or <c>failed</c> when a link or switch of its path was lost and no other path had its rate free.</param>
/// <param name="Reroutes">How many times a lost link or switch moved it to a new path.</param>
/// <param name="ChangedAt">When it last moved or failed.</param>
/// <param name="Detail">Why it failed.</param>
public sealed record ReservationDto(
    long Id,
    string Source,
    string Destination,
    double BandwidthMbps,
    string Metric,
    PathDto Path,
    DateTimeOffset CreatedAt,
    string Status,
    int Reroutes,
    DateTimeOffset? ChangedAt,
    string? Detail);
