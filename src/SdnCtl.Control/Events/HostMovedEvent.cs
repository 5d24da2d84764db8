using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>A known host was seen on another edge port; flows toward it were moved with it.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Mac">The host's MAC.</param>
/// <param name="From">Where it was.</param>
/// <param name="To">Where it is now.</param>
public sealed record HostMovedEvent(long Version, DateTimeOffset Timestamp, ulong Mac, SwitchPort From, SwitchPort To)
    : NetworkEvent(Version, Timestamp);
