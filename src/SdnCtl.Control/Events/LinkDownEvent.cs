using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>A directed link left the topology.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Link">The link as it was.</param>
/// <param name="Reason">Why it went.</param>
public sealed record LinkDownEvent(long Version, DateTimeOffset Timestamp, LinkInfo Link, LinkDownReason Reason)
    : NetworkEvent(Version, Timestamp);
