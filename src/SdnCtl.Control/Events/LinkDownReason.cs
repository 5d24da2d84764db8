namespace SdnCtl.Control.Events;

/// <summary>Why a link left the topology.</summary>
public enum LinkDownReason
{
    /// <summary>A port at either end reported link down or administratively down.</summary>
    PortDown,

    /// <summary>A port at either end was deleted.</summary>
    PortRemoved,

    /// <summary>A switch at either end disconnected.</summary>
    SwitchDisconnected,

    /// <summary>No LLDP probe crossed it within the link timeout.</summary>
    Expired,

    /// <summary>A probe showed one of its ports now connects somewhere else.</summary>
    Replaced,
}
