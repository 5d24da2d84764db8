using SdnCtl.Control.Network;

namespace SdnCtl.Control.Reconciliation;

/// <summary>A connected switch whose reconciled rules are held back: when it connected, and what it reported once read. Loop-owned.</summary>
internal sealed class PendingReconcile(DateTimeOffset connectedAt)
{
    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>What the switch reported; null until its reads are done.</summary>
    public SwitchReadout? Readout { get; set; }

    /// <summary>The declared links at this switch (both directions), found once.</summary>
    public List<(SwitchPort Source, SwitchPort Destination)>? DeclaredLinks { get; set; }
}
