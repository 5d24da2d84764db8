using SdnCtl.Control.Intents;

namespace SdnCtl.Control.Events;

/// <summary>An intent changed state (installed, rerouted, failed, removed…); streamed as type <c>intent</c>.</summary>
/// <param name="Version">The topology version the intent was compiled on.</param>
/// <param name="Timestamp">When the control loop made the change.</param>
/// <param name="IntentId">The intent.</param>
/// <param name="Tenant">Its owning tenant, so a tenant's stream can be filtered; <see langword="null"/> for none.</param>
/// <param name="State">The state it entered.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record IntentEvent(long Version, DateTimeOffset Timestamp, long IntentId, string? Tenant, IntentState State, string? Reason)
    : NetworkEvent(Version, Timestamp);
