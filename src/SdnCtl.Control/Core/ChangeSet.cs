using SdnCtl.Control.Network;

namespace SdnCtl.Control.Core;

/// <summary>
/// What one input changed that installed paths may depend on. The topology code fills it; the
/// forwarding app reads it once the topology is consistent again and reroutes.
/// </summary>
internal sealed class ChangeSet
{
    public List<LinkInfo> RemovedLinks { get; } = [];

    public List<ulong> RemovedSwitches { get; } = [];

    public List<(ulong Mac, SwitchPort At)> RemovedHosts { get; } = [];

    public List<ulong> MovedHosts { get; } = [];

    /// <summary>What triggered the changes, for the reroute event and logs.</summary>
    public string? Cause { get; set; }

    public bool AffectsRoutes =>
        RemovedLinks.Count > 0 || RemovedSwitches.Count > 0 || RemovedHosts.Count > 0 || MovedHosts.Count > 0;

    public void Clear()
    {
        RemovedLinks.Clear();
        RemovedSwitches.Clear();
        RemovedHosts.Clear();
        MovedHosts.Clear();
        Cause = null;
    }
}
