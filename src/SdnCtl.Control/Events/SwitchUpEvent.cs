namespace SdnCtl.Control.Events;

/// <summary>A switch completed its handshake and is now part of the topology.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="DatapathId">The switch.</param>
/// <param name="RemoteAddress">The switch's peer address.</param>
public sealed record SwitchUpEvent(long Version, DateTimeOffset Timestamp, ulong DatapathId, string RemoteAddress)
    : NetworkEvent(Version, Timestamp);
