using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>LLDP discovered a new directed link.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Link">The link.</param>
public sealed record LinkUpEvent(long Version, DateTimeOffset Timestamp, LinkInfo Link)
    : NetworkEvent(Version, Timestamp);
