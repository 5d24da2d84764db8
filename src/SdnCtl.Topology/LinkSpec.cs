namespace SdnCtl.Topology;

/// <summary>A cable between two switch ports. Links are bidirectional; <see cref="A"/> and <see cref="B"/> only name the ends.</summary>
/// <param name="A">One end.</param>
/// <param name="B">The other end.</param>
/// <param name="BandwidthMbps">Capacity in megabits per second, greater than 0; <see cref="DefaultBandwidthMbps"/> when not given.</param>
/// <param name="LatencyMs">One-way delay in milliseconds, 0 or more; <see cref="DefaultLatencyMs"/> when not given.</param>
public sealed record LinkSpec(
    PortRef A,
    PortRef B,
    double BandwidthMbps = LinkSpec.DefaultBandwidthMbps,
    double LatencyMs = LinkSpec.DefaultLatencyMs)
{
    /// <summary>The bandwidth of a link that does not state one: 1 Gbit/s.</summary>
    public const double DefaultBandwidthMbps = 1000;

    /// <summary>The latency of a link that does not state one: 0.1 ms, a short data-centre cable plus a switch hop.</summary>
    public const double DefaultLatencyMs = 0.1;
}
