using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Switches;

/// <summary>
/// One connected OpenFlow datapath as the control plane sees it. Implemented by the southbound
/// (a DotNetty session); the control plane never touches a socket. Implementations are
/// thread-safe: any thread may send, and completions run off the transport's I/O thread.
/// </summary>
public interface ISwitchConnection
{
    /// <summary>Datapath id from FEATURES_REPLY.</summary>
    ulong DatapathId { get; }

    /// <summary>Peer address, for logs and the API ("127.0.0.1:40122").</summary>
    string RemoteAddress { get; }

    /// <summary>The switch's FEATURES_REPLY from the handshake.</summary>
    FeaturesReply Features { get; }

    /// <summary>The switch's DESC reply from the handshake (manufacturer, software, serial).</summary>
    DescReply Description { get; }

    /// <summary>Ports as reported by the handshake's PORT_DESC (later changes arrive as PORT_STATUS).</summary>
    IReadOnlyList<OfpPort> Ports { get; }

    /// <summary>False once the session has closed.</summary>
    bool IsConnected { get; }

    /// <summary>True while the transport accepts writes without queueing beyond its high-water mark.</summary>
    bool IsWritable { get; }

    /// <summary>
    /// Completes when the transport is writable again (immediately if it is). Bulk senders await it
    /// between batches so that a slow switch back-pressures the sender instead of growing a queue.
    /// </summary>
    Task WhenWritableAsync(CancellationToken cancellationToken = default);

    /// <summary>Allocates a transaction id unique on this session.</summary>
    uint NextXid();

    /// <summary>
    /// Queues a message for the switch. Nothing is flushed to the socket until <see cref="Flush"/>,
    /// so callers that program many rules pay one syscall per batch. A message whose xid is 0 gets
    /// one from <see cref="NextXid"/>.
    /// </summary>
    void Send(OfpMessage message);

    /// <summary>
    /// Queues <paramref name="message"/> like <see cref="Send"/>, but keeps nothing of the instance: it
    /// is encoded (or copied) before the call returns, and its xid is left as it is (0 still gets a
    /// fresh one on the wire). A bulk sender can therefore fill and send one reused instance per
    /// rule without allocating; a switch's refusal of such a message reaches the sink without the
    /// request (the southbound rebuilds a refused FLOW_MOD's cookie, table and command from the error). The default copies the message through the codec; the southbound encodes it straight
    /// into its pooled write buffer.
    /// </summary>
    void SendCopy(OfpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Send(OfpCodec.Decode(message.ToArray()));
    }

    /// <summary>Flushes everything queued by <see cref="Send"/> and <see cref="SendCopy"/>.</summary>
    void Flush();

    /// <summary>
    /// Sends a BARRIER_REQUEST (and flushes) and completes when its reply arrives, i.e. when the
    /// switch has processed every message sent before it. Faults with
    /// <see cref="SwitchDisconnectedException"/> if the session closes first.
    /// </summary>
    Task BarrierAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a request (and flushes) and completes with the reply that carries its xid. An
    /// OFPT_ERROR reply faults the task with <see cref="OpenFlowErrorException"/>.
    /// </summary>
    Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
        where TReply : OfpMessage;

    /// <summary>
    /// Sends a multipart request (and flushes) and completes with every part of the reply, in
    /// order, once the part without OFPMPF_REPLY_MORE arrives.
    /// </summary>
    Task<IReadOnlyList<TReply>> RequestMultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
        where TReply : MultipartReply;

    /// <summary>Closes the session; pending requests fault with <see cref="SwitchDisconnectedException"/>.</summary>
    Task CloseAsync(string reason);
}
