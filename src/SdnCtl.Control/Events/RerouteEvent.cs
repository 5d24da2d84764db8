namespace SdnCtl.Control.Events;

/// <summary>
/// Installed paths were recomputed after a topology change (a link or switch lost, a host moved).
/// </summary>
/// <param name="Version">The topology version the new paths were computed on.</param>
/// <param name="Timestamp">When the triggering change was processed.</param>
/// <param name="Cause">What triggered it, for people ("port 0000000000000002:3 down").</param>
/// <param name="Destinations">How many destination hosts had their paths recomputed.</param>
/// <param name="FlowMods">FLOW_MODs queued by the reroute (adds, replacements and deletes).</param>
/// <param name="Duration">Controller time from taking the triggering event to queuing the last FLOW_MOD.</param>
public sealed record RerouteEvent(long Version, DateTimeOffset Timestamp, string Cause, int Destinations, int FlowMods, TimeSpan Duration)
    : NetworkEvent(Version, Timestamp);
