namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Port state (spec 7.2.1, <c>enum ofp_port_state</c>).</summary>
[Flags]
public enum PortState : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>No physical link.</summary>
    LinkDown = 1,
    /// <summary>Blocked (e.g. by STP).</summary>
    Blocked = 2,
    /// <summary>Live for fast-failover groups.</summary>
    Live = 4,
}
