namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Port administrative settings (spec 7.2.1, <c>enum ofp_port_config</c>).</summary>
[Flags]
public enum PortConfig : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Administratively down.</summary>
    PortDown = 1,
    /// <summary>Drop packets received on the port.</summary>
    NoRecv = 4,
    /// <summary>Drop packets forwarded to the port.</summary>
    NoFwd = 32,
    /// <summary>No packet-in for the port.</summary>
    NoPacketIn = 64,
}
