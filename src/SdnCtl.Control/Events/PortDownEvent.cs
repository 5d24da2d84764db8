using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>A port went down or was removed.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Port">The port.</param>
/// <param name="Removed">True when the switch deleted the port rather than reporting it down.</param>
public sealed record PortDownEvent(long Version, DateTimeOffset Timestamp, SwitchPort Port, bool Removed)
    : NetworkEvent(Version, Timestamp);
