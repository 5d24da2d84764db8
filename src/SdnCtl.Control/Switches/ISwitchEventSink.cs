using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Switches;

/// <summary>
/// What the southbound tells the control plane. Implemented by the control plane, which turns each
/// call into an event on its single-writer loop; calls come from transport I/O threads and must
/// return quickly. Messages passed in are owned by the sink from then on.
/// </summary>
public interface ISwitchEventSink
{
    /// <summary>The handshake completed (HELLO, FEATURES, SET_CONFIG, PORT_DESC, DESC).</summary>
    void SwitchConnected(ISwitchConnection connection);

    /// <summary>The session closed or the peer stopped answering echoes.</summary>
    void SwitchDisconnected(ISwitchConnection connection, string reason);

    /// <summary>OFPT_PORT_STATUS.</summary>
    void PortStatusReceived(ISwitchConnection connection, PortStatus message);

    /// <summary>OFPT_PACKET_IN.</summary>
    void PacketInReceived(ISwitchConnection connection, PacketIn message);

    /// <summary>OFPT_FLOW_REMOVED.</summary>
    void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message);

    /// <summary>
    /// An OFPT_ERROR that no pending request was waiting for (for example a refused FLOW_MOD sent with
    /// <see cref="ISwitchConnection.Send"/>); <paramref name="request"/> is the message it answers when the
    /// session still remembers it.
    /// </summary>
    void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request);
}
