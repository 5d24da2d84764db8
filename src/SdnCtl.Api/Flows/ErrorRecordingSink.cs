using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// Sits between the southbound and the control plane and copies every OFPT_ERROR into a
/// <see cref="SwitchErrorLog"/> on the session's thread, before passing it on; everything else
/// passes through untouched. A decorator keeps the control plane free of northbound concerns.
/// </summary>
public sealed class ErrorRecordingSink(ISwitchEventSink inner, SwitchErrorLog log) : ISwitchEventSink, IPacketInFastPath
{
    /// <inheritdoc/>
    /// <remarks>A fast answer is a FLOW_MOD and a PACKET_OUT, never an error: offered to the control plane as is.</remarks>
    public int TryAnswerPacketIn(ISwitchConnection connection, ReadOnlySpan<byte> packetIn, Span<byte> answer) =>
        inner is IPacketInFastPath fast ? fast.TryAnswerPacketIn(connection, packetIn, answer) : 0;

    /// <inheritdoc/>
    public void PacketInBurstEnded()
    {
        if (inner is IPacketInFastPath fast)
        {
            fast.PacketInBurstEnded();
        }
    }

    /// <inheritdoc/>
    public void SwitchConnected(ISwitchConnection connection) => inner.SwitchConnected(connection);

    /// <inheritdoc/>
    public void SwitchDisconnected(ISwitchConnection connection, string reason) => inner.SwitchDisconnected(connection, reason);

    /// <inheritdoc/>
    public void PortStatusReceived(ISwitchConnection connection, PortStatus message) => inner.PortStatusReceived(connection, message);

    /// <inheritdoc/>
    public void PacketInReceived(ISwitchConnection connection, PacketIn message) => inner.PacketInReceived(connection, message);

    /// <inheritdoc/>
    public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message) => inner.FlowRemovedReceived(connection, message);

    /// <inheritdoc/>
    public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request)
    {
        ArgumentNullException.ThrowIfNull(connection);
        log.Record(connection.DatapathId, error, request);
        inner.ErrorReceived(connection, error, request);
    }
}
