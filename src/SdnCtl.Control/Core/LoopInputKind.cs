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
    Quiesce,
    Command,
}
