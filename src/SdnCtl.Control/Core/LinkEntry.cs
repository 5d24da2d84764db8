using SdnCtl.Control.Network;

namespace SdnCtl.Control.Core;

/// <summary>Loop-owned state of one directed link.</summary>
internal sealed class LinkEntry
{
    public LinkEntry(LinkInfo info, DateTimeOffset lastSeen)
    {
        Info = info;
        LastSeen = lastSeen;
    }

    public LinkInfo Info { get; set; }

    public SwitchPort Source => Info.Source;

    public SwitchPort Destination => Info.Destination;

    /// <summary>When a probe last crossed it; not part of the snapshot, so refreshes cost no new version.</summary>
    public DateTimeOffset LastSeen { get; set; }
}
