namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Why a flow entry was removed (spec 7.4.2, <c>enum ofp_flow_removed_reason</c>).</summary>
public enum FlowRemovedReason : byte
{
    /// <summary>Idle timeout expired.</summary>
    IdleTimeout = 0,
    /// <summary>Hard timeout expired.</summary>
    HardTimeout = 1,
    /// <summary>Evicted by a DELETE flow mod.</summary>
    Delete = 2,
    /// <summary>Its group was removed.</summary>
    GroupDelete = 3,
}
