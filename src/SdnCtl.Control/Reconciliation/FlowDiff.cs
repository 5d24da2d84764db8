using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Reconciliation;

/// <summary>
/// What a switch's flows need to become the desired ones (see <see cref="FlowReconciliation.Diff"/>):
/// ADDs for rules that are missing or differ (an ADD with the same table, priority and match replaces
/// the rule in place), strict DELETEs for strays, and how many rules were already right and are left
/// alone with their counters.
/// </summary>
public sealed class FlowDiff
{
    /// <summary>ADDs of rules missing from the switch.</summary>
    public List<FlowMod> Missing { get; } = [];

    /// <summary>ADDs of rules the switch holds with other instructions, cookie, timeouts or flags.</summary>
    public List<FlowMod> Drifted { get; } = [];

    /// <summary>Strict DELETEs of rules the switch holds and nothing wants.</summary>
    public List<FlowMod> Strays { get; } = [];

    /// <summary>Rules already as desired.</summary>
    public int Kept { get; internal set; }

    /// <summary>True when the switch is already as desired.</summary>
    public bool IsEmpty => Missing.Count == 0 && Drifted.Count == 0 && Strays.Count == 0;
}
