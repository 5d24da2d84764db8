using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Reconciliation;

/// <summary>
/// What a switch's groups need to become the desired ones (see <see cref="FlowReconciliation.DiffGroups"/>):
/// ADDs for missing groups, MODIFYs for groups of another type or other buckets, DELETEs for strays
/// in the controller's own id range.
/// </summary>
public sealed class GroupDiff
{
    /// <summary>GROUP_MOD ADDs of groups missing from the switch.</summary>
    public List<GroupMod> Missing { get; } = [];

    /// <summary>GROUP_MOD MODIFYs of groups that drifted (replaced in place; rules that use them stay).</summary>
    public List<GroupMod> Drifted { get; } = [];

    /// <summary>GROUP_MOD DELETEs of strays (send after the rules that used them went: a switch deletes those rules with the group).</summary>
    public List<GroupMod> Strays { get; } = [];

    /// <summary>Groups already as desired.</summary>
    public int Kept { get; internal set; }
}
