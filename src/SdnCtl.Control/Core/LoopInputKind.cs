namespace SdnCtl.Control.Core;

/// <summary>What a <see cref="LoopInput"/> carries.</summary>
internal enum LoopInputKind : byte
{
    SwitchConnected,
    SwitchDisconnected,
    PortStatus,
    PacketIn,
    FlowRemoved,
    Error,
    Tick,

    /// <summary>The next slice of a discovery round's probes (see LinkDiscovery.OnTick).</summary>
    ProbeMore,
    Quiesce,
    Command,

    /// <summary>A packet-in the reactive fast path answered on an I/O thread, to learn from (see ControlPlane.ApplyFastAnswer).</summary>
    FastAnswer,
}
