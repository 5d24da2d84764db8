namespace SdnCtl.Api.Dtos;

/// <summary>The answer to <c>GET /api/v1/paths/{src}/{dst}</c>.</summary>
/// <param name="Source">The source as resolved (host or switch name, or datapath id).</param>
/// <param name="Destination">The destination as resolved.</param>
/// <param name="Metric"><c>hops</c>, <c>latency</c> or <c>bandwidth</c>.</param>
/// <param name="Kind"><c>shortest</c>, <c>k-shortest</c>, <c>ecmp</c> or <c>disjoint</c>.</param>
/// <param name="Paths">The paths, cheapest first (for <c>disjoint</c>: primary, then backup).</param>
/// <param name="EcmpPathCount">For <c>ecmp</c>: how many equal-cost paths exist (more than listed when truncated).</param>
public sealed record PathsResponse(string Source, string Destination, string Metric, string Kind, IReadOnlyList<PathDto> Paths, long? EcmpPathCount);

/// <summary>One path.</summary>
/// <param name="Cost">The cost under the requested metric: hops, milliseconds, or inverse capacity (1 per 1 Gbit/s link).</param>
/// <param name="HopCount">Switch-to-switch links.</param>
/// <param name="LatencyMs">Sum of link latencies.</param>
/// <param name="FreeBandwidthMbps">Smallest unreserved capacity along the path; absent for a path without links.</param>
/// <param name="Hops">
/// The ports traversed in order as <c>switch:port</c> (switch name when known, else datapath id):
/// the source host's port when the source is a host, then each link's egress and ingress port, then
/// the destination host's port.
/// </param>
/// <param name="Role"><c>primary</c> or <c>backup</c> for a disjoint pair.</param>
public sealed record PathDto(double Cost, int HopCount, double LatencyMs, double? FreeBandwidthMbps, IReadOnlyList<string> Hops, string? Role);
