using SdnCtl.Control.Network;

namespace SdnCtl.Control.Events;

/// <summary>A host was forgotten: its port or switch went away, the port turned out to be a link, or a command removed it.</summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the change was processed.</param>
/// <param name="Mac">The host's MAC.</param>
/// <param name="LastAttachment">Where it was last seen.</param>
public sealed record HostRemovedEvent(long Version, DateTimeOffset Timestamp, ulong Mac, SwitchPort LastAttachment)
    : NetworkEvent(Version, Timestamp);
