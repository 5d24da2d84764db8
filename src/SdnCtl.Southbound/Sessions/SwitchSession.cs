using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using DotNetty.Common.Concurrency;
using DotNetty.Transport.Channels;
using Microsoft.Extensions.Logging;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using TaskCompletionSource = System.Threading.Tasks.TaskCompletionSource;

namespace SdnCtl.Southbound.Sessions;

/// <summary>
/// One switch connection: handshake, keep-alive, xid correlation and batched writes over a
/// DotNetty channel. Implements <see cref="ISwitchConnection"/> for the control plane.
/// </summary>
/// <remarks>
/// <para>Threading. Everything inbound (frames, idle events, writability, inactivity) arrives on
/// the channel's event loop, one call at a time; the inbound counters and the multipart
/// accumulators are touched only there. The control plane calls in from any thread:
/// <see cref="Send"/> encodes the message at once into the session's batch buffer (under a short
/// lock that also covers the outbound counters and the sent-message ring), <see cref="Flush"/>
/// schedules at most one drain on the event loop, and the pending-request table is a concurrent
/// dictionary.</para>
/// <para>Sink order. Every sink call for a session is made on its event loop, never under a lock:
/// SwitchConnected, then the asynchronous messages, then SwitchDisconnected, each life-cycle call
/// at most once. State changes take <see cref="_gate"/>; a close from another thread marks the
/// session closed at once (so nothing more is delivered) and posts the disconnect report to the
/// loop, behind whatever the loop is delivering at that moment.</para>
/// <para>Writes. Messages are encoded back to back into pooled buffers of up to
/// <see cref="BatchBufferSize"/> bytes as they are sent; the drain writes the filled buffers and
/// flushes once, so a batch of flow-mods costs one socket write and no allocation per message.</para>
/// </remarks>
internal sealed partial class SwitchSession : ISwitchConnection, IRunnable
{
    /// <summary>
    /// Size of one batch buffer; a longer message (up to the OpenFlow maximum of 64 KiB) gets a buffer of
    /// its own length. 32 KiB because that is the largest size DotNetty's pooled allocator keeps in the
    /// allocating thread's cache: a released buffer goes back to the sender's cache and the next batch
    /// reuses it. At 64 KiB each buffer went back to the arena instead, and the control loop, which
    /// sends in bursts (a reroute), found the arena's chunk gone and allocated a fresh 16 MiB chunk on
    /// the large object heap for nearly every burst, which is what brought on the collections seen in
    /// reroutes.
    /// </summary>
    internal const int BatchBufferSize = 32 * 1024;

    /// <summary>Room for one fast-path answer (FLOW_MOD + PACKET_OUT + an Ethernet frame up to 9 KB); a longer frame takes the loop path.</summary>
    private const int AnswerScratchSize = 10 * 1024;

    /// <summary>How long a closing session waits for its last bytes to leave before it closes anyway.</summary>
    private static readonly TimeSpan CloseFlushGrace = TimeSpan.FromSeconds(2);

    private readonly IChannel _channel;
    private readonly ISessionRegistry _registry;
    private readonly ISwitchEventSink _sink;
    private readonly SouthboundOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly SentMessageRing _recent;
    private readonly Lock _gate = new();
    private readonly Hello _hello = Hello.ForVersions(OfpConstants.Version);

    // Completes once SwitchDisconnected has been reported (or the session closed without ever
    // having been announced); a replacing session waits for it before announcing itself.
    private readonly TaskCompletionSource _closeReported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _lastXid;
    private int _flushScheduled;
    private int _pendingCount;
    private volatile SessionState _state;
    private string _closeReason = string.Empty;
    private TaskCompletionSource? _writable;
    private bool _closeWasConnected;
    private bool _closeFlushFirst;
    private IScheduledTask? _handshakeTimer;
    private int _idlePeriods;

    // A switch that sends garbage would otherwise flood the log: the first bad message of a session
    // is a warning, the rest are debug lines (the ErrorsSent counter still counts them all).
    private bool _badInputLogged;

    // Handshake results; written once, on the event loop, before the session becomes Connected.
    private ulong _datapathId;
    private FeaturesReply? _features;
    private DescReply? _description;
    private IReadOnlyList<OfpPort> _ports = [];
    private List<OfpPort>? _handshakePorts;
    private List<PortStatus>? _earlyPortStatus;

    // Counters: one writer at a time. Inbound ones, socket/buffer writes and echo requests are
    // written on the event loop; messages, bytes, flow-mods and errors sent under _outGate (they
    // are counted when encoded). Readers use Volatile.Read.
    private long _messagesIn;
    private long _bytesIn;
    private long _messagesOut;
    private long _bytesOut;
    private long _socketWrites;
    private long _buffersWritten;
    private long _flowModsSent;
    private long _packetIns;
    private long _errorsReceived;
    private long _errorsSent;
    private long _echoRequestsSent;

    // The sink's reactive fast path, if it has one (see OnFrame), with the scratch its answers are
    // written to before they are copied into the batch buffer (event loop only).
    private readonly IPacketInFastPath? _fastPath;
    private byte[]? _answerScratch;
    private bool _answeredInBurst;

    public SwitchSession(IChannel channel, ISessionRegistry registry, ISwitchEventSink sink, SouthboundOptions options, ILogger logger)
    {
        _channel = channel;
        _registry = registry;
        _sink = sink;
        _fastPath = sink as IPacketInFastPath;
        _options = options;
        _logger = logger;
        _recent = new SentMessageRing(options.RecentMessageCapacity);
        _encodedFlowModXids = new uint[Math.Max(1, options.RecentMessageCapacity)];
        RemoteAddress = FormatAddress(channel.RemoteAddress);
    }

    /// <inheritdoc/>
    public ulong DatapathId => _datapathId;

    /// <inheritdoc/>
    public string RemoteAddress { get; }

    /// <inheritdoc/>
    public FeaturesReply Features => _features ?? ThrowNotConnected<FeaturesReply>();

    /// <inheritdoc/>
    public DescReply Description => _description ?? ThrowNotConnected<DescReply>();

    /// <inheritdoc/>
    public IReadOnlyList<OfpPort> Ports => _ports;

    /// <inheritdoc/>
    public bool IsConnected => _state == SessionState.Connected;

    /// <inheritdoc/>
    public bool IsWritable => _channel.IsWritable;

    /// <summary>
    /// Completes once every drain scheduled before the call has run: the event loop runs tasks in
    /// order. Lets tests observe the transport's state after a flush without sleeping.
    /// </summary>
    internal Task DrainedAsync() => _channel.EventLoop.SubmitAsync(static () => true);

    /// <summary>True when the connection runs over TLS (the listener has a certificate).</summary>
    internal bool IsEncrypted => _channel.Pipeline.Get("tls") is not null;

    /// <summary>A snapshot of the traffic counters.</summary>
    internal SwitchSessionCounters Counters => new(
        Volatile.Read(ref _messagesIn),
        Volatile.Read(ref _bytesIn),
        Volatile.Read(ref _messagesOut),
        Volatile.Read(ref _bytesOut),
        Volatile.Read(ref _socketWrites),
        Volatile.Read(ref _buffersWritten),
        Volatile.Read(ref _flowModsSent),
        Volatile.Read(ref _packetIns),
        Volatile.Read(ref _errorsReceived),
        Volatile.Read(ref _errorsSent),
        Volatile.Read(ref _echoRequestsSent));

    /// <inheritdoc/>
    public uint NextXid()
    {
        // 0 means "assign one" in Send, so it is never handed out.
        uint xid = (uint)Interlocked.Increment(ref _lastXid);
        return xid != 0 ? xid : (uint)Interlocked.Increment(ref _lastXid);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The message is encoded at once, on the caller's thread, into the session's pooled batch
    /// buffer. Refusable messages are remembered by reference for error reporting: do not change a
    /// message after sending it (<see cref="SendCopy"/> is for instances that are reused). Messages
    /// sent after the session closed are dropped; the sink has been told about the disconnect.
    /// </remarks>
    public void Send(OfpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Xid == 0)
        {
            message.Xid = NextXid();
        }

        if (_state != SessionState.Closed)
        {
            Enqueue(message, message.Xid, remember: true);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Encodes at once like <see cref="Send"/>, but neither assigns the xid to the instance nor keeps it.</remarks>
    public void SendCopy(OfpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_state != SessionState.Closed)
        {
            Enqueue(message, message.Xid != 0 ? message.Xid : NextXid(), remember: false);
        }
    }

    /// <summary>
    /// Queues an answer to a switch message (echo reply, error) with the xid it already carries,
    /// 0 included: unlike <see cref="Send"/>, never assigns one.
    /// </summary>
    private void SendReply(OfpMessage reply)
    {
        if (_state != SessionState.Closed)
        {
            Enqueue(reply, reply.Xid, remember: true);
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        // Coalesce: one drain in flight covers every Send that happened before it starts.
        if (Interlocked.Exchange(ref _flushScheduled, 1) != 0)
        {
            return;
        }

        var loop = _channel.EventLoop;
        if (loop.InEventLoop)
        {
            ((IRunnable)this).Run();
            return;
        }

        try
        {
            loop.Execute(this);
        }
        catch (RejectedExecutionException)
        {
            // The event loop is shutting down with the server; the channel is closing anyway.
            Volatile.Write(ref _flushScheduled, 0);
        }
    }

    /// <inheritdoc/>
    void IRunnable.Run()
    {
        // Reset before draining so that a Send racing with this drain schedules the next one.
        Volatile.Write(ref _flushScheduled, 0);
        Drain();
    }

    /// <inheritdoc/>
    public Task WhenWritableAsync(CancellationToken cancellationToken = default)
    {
        if (_state == SessionState.Closed)
        {
            return Task.FromException(Disconnected());
        }

        if (_channel.IsWritable)
        {
            return Task.CompletedTask;
        }

        var waiter = Volatile.Read(ref _writable);
        if (waiter is null)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = Interlocked.CompareExchange(ref _writable, created, null) ?? created;
        }

        // The channel may have turned writable (or closed) between the check and publishing the
        // waiter, in which case no event will come for it.
        if (_channel.IsWritable)
        {
            Interlocked.Exchange(ref _writable, null)?.TrySetResult();
        }
        else if (_state == SessionState.Closed)
        {
            Interlocked.Exchange(ref _writable, null)?.TrySetException(Disconnected());
        }

        return cancellationToken.CanBeCanceled ? waiter.Task.WaitAsync(cancellationToken) : waiter.Task;
    }

    /// <inheritdoc/>
    public Task BarrierAsync(CancellationToken cancellationToken = default) =>
        RequestAsync<BarrierReply>(new BarrierRequest(), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Completes with the first message carrying the request's xid; for a multipart request that is
    /// only the first part, so use <see cref="RequestMultipartAsync"/> for those.
    /// </remarks>
    public Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
        where TReply : OfpMessage
    {
        ArgumentNullException.ThrowIfNull(request);
        return StartRequest(new PendingReply<TReply>(this, AssignXid(request)), request, flush: true, external: true, cancellationToken, _options.RequestTimeout);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TReply>> RequestMultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
        where TReply : MultipartReply
    {
        ArgumentNullException.ThrowIfNull(request);
        return StartRequest(new PendingMultipart<TReply>(this, AssignXid(request), request.MultipartType), request, flush: true, external: true, cancellationToken, _options.RequestTimeout);
    }

    /// <inheritdoc/>
    /// <remarks>Messages queued before the call are still written, then the connection closes.</remarks>
    public Task CloseAsync(string reason)
    {
        Terminate(string.IsNullOrEmpty(reason) ? "closed by the controller" : reason, flushFirst: true);
        return _channel.CloseCompletion;
    }

    /// <inheritdoc/>
    public override string ToString() => $"switch {_datapathId:x16} at {RemoteAddress} ({_state})";

    // ---- Pending requests ----------------------------------------------------------------------

    /// <summary>Removes <paramref name="pending"/> if it is still in the table; the winner completes it.</summary>
    internal bool TryTakePending(PendingRequest pending)
    {
        if (_pending.TryRemove(new KeyValuePair<uint, PendingRequest>(pending.Xid, pending)))
        {
            Interlocked.Decrement(ref _pendingCount);
            return true;
        }

        return false;
    }

    private bool TryTakePending(uint xid, [NotNullWhen(true)] out PendingRequest? pending)
    {
        if (_pending.TryRemove(xid, out pending))
        {
            Interlocked.Decrement(ref _pendingCount);
            return true;
        }

        return false;
    }

    private uint AssignXid(OfpMessage request)
    {
        if (request.Xid == 0)
        {
            request.Xid = NextXid();
        }

        return request.Xid;
    }

    /// <param name="pending">The table entry for the request.</param>
    /// <param name="request">The request; its xid is <paramref name="pending"/>'s.</param>
    /// <param name="flush">Flush now, or leave it to the caller that queues more.</param>
    /// <param name="external">Counts against <see cref="SouthboundOptions.MaxPendingRequests"/>; the
    /// session's own handshake requests do not, so that no setting can make the handshake impossible.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="timeout">Reply timeout; the handshake's requests have none of their own, the
    /// handshake timeout covers them.</param>
    private Task<TResult> StartRequest<TResult>(PendingRequest<TResult> pending, OfpMessage request, bool flush, bool external, CancellationToken cancellationToken, TimeSpan timeout)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        if (_state == SessionState.Closed)
        {
            return Task.FromException<TResult>(Disconnected());
        }

        if (Interlocked.Increment(ref _pendingCount) > _options.MaxPendingRequests && external)
        {
            Interlocked.Decrement(ref _pendingCount);
            return Task.FromException<TResult>(new InvalidOperationException(
                $"switch {_datapathId:x16} already has {_options.MaxPendingRequests} requests awaiting replies"));
        }

        // Registered before the request is queued, so that no reply can arrive unannounced.
        if (!_pending.TryAdd(pending.Xid, pending))
        {
            Interlocked.Decrement(ref _pendingCount);
            return Task.FromException<TResult>(new InvalidOperationException($"xid {pending.Xid} is already awaiting a reply"));
        }

        pending.Arm(_channel.EventLoop, timeout, cancellationToken);
        Send(request);
        if (flush)
        {
            Flush();
        }

        // Terminate sets Closed before it sweeps the table: if it ran before our TryAdd we see it
        // here, otherwise its sweep sees our entry.
        if (_state == SessionState.Closed && TryTakePending(pending))
        {
            pending.Fail(Disconnected());
        }

        return pending.Result;
    }

    // ---- Helpers -------------------------------------------------------------------------------

    private void InvokeSink(Action<ISwitchEventSink, SwitchSession, OfpMessage?> call, OfpMessage? message)
    {
        try
        {
            call(_sink, this, message);
        }
#pragma warning disable CA1031 // A faulty sink must not take the session (or the event loop) down with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.SinkFailed(message?.Type.ToString() ?? "a life-cycle callback", e);
        }
    }

    private SwitchDisconnectedException Disconnected() =>
        new(_datapathId, string.IsNullOrEmpty(_closeReason) ? "session closed" : _closeReason);

    private static string FormatAddress(System.Net.EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => new IPEndPoint(ip.Address.MapToIPv4(), ip.Port).ToString(),
        null => "unknown",
        _ => endPoint.ToString() ?? "unknown",
    };

    [DoesNotReturn]
    private static T ThrowNotConnected<T>() =>
        throw new InvalidOperationException("the switch has not completed the OpenFlow handshake");
}
