using System.Collections.Immutable;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>What a path must satisfy besides being cheap. Every member is optional.</summary>
/// <param name="MinFreeBandwidthMbps">Every link must have at least this much unreserved capacity.</param>
/// <param name="MaxLatencyMs">The sum of link latencies must not exceed this.</param>
/// <param name="MaxHops">The path must have at most this many switch-to-switch links.</param>
/// <param name="AvoidSwitches">Switches the path must not cross (an endpoint in this list makes the query fail).</param>
/// <param name="AvoidLinks">Directed links the path must not use, each named by the port it leaves from.</param>
/// <param name="Waypoints">Switches the path must visit, in this order.</param>
public sealed record PathConstraints(
    double? MinFreeBandwidthMbps = null,
    double? MaxLatencyMs = null,
    int? MaxHops = null,
    ImmutableArray<ulong> AvoidSwitches = default,
    ImmutableArray<SwitchPort> AvoidLinks = default,
    ImmutableArray<ulong> Waypoints = default)
{
    /// <summary>No constraints.</summary>
    public static PathConstraints None { get; } = new();

    /// <summary>True when nothing is constrained.</summary>
    public bool IsEmpty =>
        MinFreeBandwidthMbps is null && MaxLatencyMs is null && MaxHops is null &&
        AvoidSwitches.IsDefaultOrEmpty && AvoidLinks.IsDefaultOrEmpty && Waypoints.IsDefaultOrEmpty;

    /// <summary>True when only links are removed (avoid lists, free bandwidth), which a single search honours exactly.</summary>
    public bool OnlyFiltersLinks => MaxLatencyMs is null && MaxHops is null && Waypoints.IsDefaultOrEmpty;
}
