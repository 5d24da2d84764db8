using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Events;

/// <summary>
/// A switch removed a flow and said so (OFPT_FLOW_REMOVED, sent for flows installed with
/// OFPFF_SEND_FLOW_REM): it expired (idle or hard timeout), was deleted, or went with its group or meter.
/// </summary>
/// <param name="Version">The topology version current when it was processed.</param>
/// <param name="Timestamp">When the control loop processed it.</param>
/// <param name="DatapathId">The switch.</param>
/// <param name="Cookie">The flow's cookie.</param>
/// <param name="TableId">Its table.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Match">Its match.</param>
/// <param name="Reason">Why it was removed.</param>
/// <param name="Duration">How long it had been installed.</param>
/// <param name="IdleTimeout">Its idle timeout in seconds (0 = none).</param>
/// <param name="HardTimeout">Its hard timeout in seconds (0 = none).</param>
/// <param name="PacketCount">Packets it matched.</param>
/// <param name="ByteCount">Bytes it matched.</param>
public sealed record FlowRemovedEvent(
    long Version,
    DateTimeOffset Timestamp,
    ulong DatapathId,
    ulong Cookie,
    byte TableId,
    ushort Priority,
    IReadOnlyList<OxmEntry> Match,
    FlowRemovedReason Reason,
    TimeSpan Duration,
    ushort IdleTimeout,
    ushort HardTimeout,
    ulong PacketCount,
    ulong ByteCount)
    : NetworkEvent(Version, Timestamp)
{
    /// <summary>True when the switch removed the flow on its own (a timeout), not at a controller's request.</summary>
    public bool Expired => Reason is FlowRemovedReason.IdleTimeout or FlowRemovedReason.HardTimeout;
}
