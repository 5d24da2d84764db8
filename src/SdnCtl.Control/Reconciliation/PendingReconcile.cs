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

    /// <summary>
    /// How many of <see cref="DeclaredLinks"/>, in order, have been seen discovered: the check for the
    /// rest starts there. The control loop asks after every input, thousands of times while a large
    /// network is being discovered; starting over each time made that quadratic (320 switches × 32 links
    /// on every LLDP packet-in of a k=16 fat-tree) and cost discovery about two seconds.
    /// </summary>
    public int LinksSeen { get; set; }
}
