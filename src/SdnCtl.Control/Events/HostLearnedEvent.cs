using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>A new host was seen on an edge port.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Host">The host.</param>
public sealed record HostLearnedEvent(long Version, DateTimeOffset Timestamp, HostInfo Host)
    : NetworkEvent(Version, Timestamp);
