namespace SdnCtl.Control.Events;

/// <summary>A switch's session ended; its links and hosts left the topology with it.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="DatapathId">The switch.</param>
/// <param name="Reason">Why the session ended, as the southbound reported it.</param>
public sealed record SwitchDownEvent(long Version, DateTimeOffset Timestamp, ulong DatapathId, string Reason)
    : NetworkEvent(Version, Timestamp);
