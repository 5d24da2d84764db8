namespace SdnCtl.DataPlane.Network;

/// <summary>Where a frame output by a traced switch went.</summary>
public enum NetworkTraceOutputKind
{
    /// <summary>Over a link to another switch, which the trace follows.</summary>
    Switch,

    /// <summary>To a host: the end of this branch.</summary>
    Host,

    /// <summary>Onto a link that is down: dropped.</summary>
    LinkDown,

    /// <summary>Out of a port with nothing attached (or LOCAL): dropped.</summary>
    Unattached,

    /// <summary>To a switch, but the trace's hop budget is spent: not followed.</summary>
    HopLimit,

    /// <summary>To a switch port that already received this exact frame in this trace: a loop, not followed again.</summary>
    Loop,

    /// <summary>To an appliance's interface, which the trace follows through the appliance's frame processing.</summary>
    Appliance,
}
