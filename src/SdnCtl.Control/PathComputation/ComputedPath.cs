using SdnCtl.Control.Paths;

namespace SdnCtl.Control.PathComputation;

/// <summary>A path with what it costs under the metric it was chosen by.</summary>
/// <param name="Path">The links, in order.</param>
/// <param name="Metric">The metric <paramref name="Cost"/> is in.</param>
/// <param name="Cost">Hops, milliseconds, or inverse capacity (1 per 1 Gbit/s link), per <paramref name="Metric"/>.</param>
/// <param name="LatencyMs">The sum of link latencies (0.1 ms per link whose latency is not declared).</param>
/// <param name="FreeBandwidthMbps">The smallest unreserved capacity along the path; <see cref="double.PositiveInfinity"/> for an empty path.</param>
public sealed record ComputedPath(NetworkPath Path, PathMetric Metric, double Cost, double LatencyMs, double FreeBandwidthMbps)
{
    /// <summary>Number of switch-to-switch links.</summary>
    public int HopCount => Path.HopCount;
}
