namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>What changed about a port (spec 7.4.3, <c>enum ofp_port_reason</c>).</summary>
public enum PortReason : byte
{
    /// <summary>The port was added.</summary>
    Add = 0,
    /// <summary>The port was removed.</summary>
    Delete = 1,
    /// <summary>Some attribute of the port changed.</summary>
    Modify = 2,
}
