namespace SdnCtl.Control.Network;

/// <summary>
/// A directed switch-to-switch link learned by LLDP: a probe sent out of <see cref="Source"/>
/// came back as a PACKET_IN at <see cref="Destination"/>. A cable is two links, one each way.
/// </summary>
/// <param name="Source">The port the probe left from.</param>
/// <param name="Destination">The port the probe arrived at.</param>
/// <param name="DiscoveredAt">When the link was first learned (refreshes do not change it).</param>
/// <param name="BandwidthMbps">The bandwidth the declared topology gives the cable, or <see langword="null"/> when it is not declared.</param>
/// <param name="LatencyMs">The latency the declared topology gives the cable, or <see langword="null"/> when it is not declared.</param>
public sealed record LinkInfo(
    SwitchPort Source,
    SwitchPort Destination,
    DateTimeOffset DiscoveredAt,
    double? BandwidthMbps,
    double? LatencyMs)
{
    /// <summary>Returns <c>src -> dst</c>.</summary>
    public override string ToString() => $"{Source} -> {Destination}";
}
