namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>FLOW_MOD flags (spec 7.3.4.1, <c>enum ofp_flow_mod_flags</c>).</summary>
[Flags]
public enum FlowModFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Send FLOW_REMOVED when the flow expires or is deleted.</summary>
    SendFlowRem = 1,
    /// <summary>Check for overlapping entries first.</summary>
    CheckOverlap = 2,
    /// <summary>Reset packet and byte counts.</summary>
    ResetCounts = 4,
    /// <summary>Do not keep the packet count.</summary>
    NoPktCounts = 8,
    /// <summary>Do not keep the byte count.</summary>
    NoBytCounts = 16,
}
