using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>A port came up (or was added up).</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Port">The port.</param>
public sealed record PortUpEvent(long Version, DateTimeOffset Timestamp, SwitchPort Port)
    : NetworkEvent(Version, Timestamp);
