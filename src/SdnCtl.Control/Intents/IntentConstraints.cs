using System.Collections.Immutable;

namespace SdnCtl.Control.Intents;

/// <summary>What every path of an intent must satisfy. Every member is optional.</summary>
/// <param name="MinBandwidthMbps">Free capacity needed on every link; the intent holds it as a bandwidth reservation per direction.</param>
/// <param name="MaxLatencyMs">Most total link latency.</param>
/// <param name="MaxHops">Most switch-to-switch links.</param>
/// <param name="Avoid">Switches (names or datapath ids) the paths must not cross.</param>
/// <param name="Waypoints">Switches (names or datapath ids) the forward path must visit in this order (the reverse path visits them backwards).</param>
public sealed record IntentConstraints(
    double? MinBandwidthMbps = null,
    double? MaxLatencyMs = null,
    int? MaxHops = null,
    ImmutableArray<string> Avoid = default,
    ImmutableArray<string> Waypoints = default)
{
    /// <summary>No constraints.</summary>
    public static IntentConstraints None { get; } = new();
}
