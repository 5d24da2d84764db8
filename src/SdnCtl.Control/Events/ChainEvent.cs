using SdnCtl.Control.Intents;

namespace SdnCtl.Control.Events;

/// <summary>A service chain changed state (installed once its switches confirmed it, rerouted, failed…); streamed as type <c>chain</c>.</summary>
/// <param name="Version">The topology version when it changed.</param>
/// <param name="Timestamp">When the control loop made the change.</param>
/// <param name="Chain">The chain's name.</param>
/// <param name="State">The state it entered.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record ChainEvent(long Version, DateTimeOffset Timestamp, string Chain, IntentState State, string? Reason)
    : NetworkEvent(Version, Timestamp);
