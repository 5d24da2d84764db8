namespace SdnCtl.Api.Dtos;

/// <summary>The body of <c>POST /api/v1/reservations</c>.</summary>
/// <param name="Src">Source host name, MAC, switch name or datapath id.</param>
/// <param name="Dst">Destination, in the same forms.</param>
/// <param name="BandwidthMbps">The rate to hold on every link of the path, greater than 0.</param>
/// <param name="Metric"><c>hops</c> (default), <c>latency</c> or <c>bandwidth</c>: what the reserved path minimises.</param>
public sealed record ReservationRequest(string Src, string Dst, double BandwidthMbps, string? Metric = null);

/// <summary>A bandwidth reservation.</summary>
public sealed record ReservationDto(long Id, string Source, string Destination, double BandwidthMbps, string Metric, PathDto Path, DateTimeOffset CreatedAt);
