namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Why a packet was sent to the controller (spec 7.4.1, <c>enum ofp_packet_in_reason</c>).</summary>
public enum PacketInReason : byte
{
    /// <summary>No matching flow (table-miss flow entry).</summary>
    NoMatch = 0,
    /// <summary>Output to controller in an action set or apply-actions.</summary>
    Action = 1,
    /// <summary>Packet has an invalid TTL.</summary>
    InvalidTtl = 2,
}
