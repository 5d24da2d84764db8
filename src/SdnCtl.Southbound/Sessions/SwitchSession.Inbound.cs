using DotNetty.Buffers;
using Microsoft.Extensions.Logging;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Sessions;

/// <content>Inbound: frames, keep-alive and dispatch to pending requests or the sink (event loop).</content>
internal sealed partial class SwitchSession
{
    /// <summary>Channel became active: say HELLO and start the handshake clock.</summary>
    internal void Start()
    {
        _logger.Accepted(RemoteAddress);
        _hello.Xid = NextXid();
        Send(_hello);
        Flush();
        _handshakeTimer = _channel.EventLoop.Schedule(static state => ((SwitchSession)state).OnHandshakeTimeout(), this, _options.HandshakeTimeout);
    }

    /// <summary>The channel closed underneath us (peer, network, or our own close).</summary>
    internal void OnChannelInactive()
    {
        Terminate("connection closed", flushFirst: false);
        CloseOutbound();
    }

    /// <summary>An exception reached the end of the pipeline: log it and close.</summary>
    internal void OnTransportError(Exception exception)
    {
        if (_state != SessionState.Closed)
        {
            _logger.TransportError(RemoteAddress, exception);
        }

        Terminate($"transport error: {exception.Message}", flushFirst: false);
    }

    /// <summary>The TLS handshake failed (untrusted certificate, plain-TCP peer, protocol mismatch): log why and close.</summary>
    internal void OnTlsHandshakeFailed(string reason)
    {
        if (_state != SessionState.Closed)
        {
            _logger.TlsHandshakeFailed(RemoteAddress, reason);
        }

        Terminate($"TLS handshake failed: {reason}", flushFirst: false);
    }

    /// <summary>No bytes read for one echo interval.</summary>
    internal void OnReaderIdle(bool first)
    {
        if (_state == SessionState.Closed)
        {
            return;
        }

        // IdleStateHandler marks the first idle event after any read; counting from there gives the
        // length of the silence in whole intervals without keeping our own clock.
        _idlePeriods = first ? 1 : _idlePeriods + 1;
        if (_idlePeriods >= _options.IdlePeriodsUntilDead)
        {
            _logger.EchoTimeout(_datapathId, RemoteAddress, _options.EchoTimeout);
            Terminate("echo timeout", flushFirst: false);
            return;
        }

        Send(new EchoRequest());
        _echoRequestsSent++;
        Flush();
    }

    /// <summary>The transport's writability flipped.</summary>
    internal void OnWritabilityChanged()
    {
        if (_channel.IsWritable)
        {
            Interlocked.Exchange(ref _writable, null)?.TrySetResult();
        }
    }

    /// <summary>The frame decoder found a header shorter than 8 bytes: answer BAD_LEN and close.</summary>
    internal void OnFramingError(FramingError error)
    {
        if (_state == SessionState.Closed)
        {
            return;
        }

        _messagesIn++;
        _bytesIn += error.Header.Length;
        _logger.FramingError(RemoteAddress, error.AnnouncedLength);
        var exception = new OfpProtocolException(OfpErrorType.BadRequest, (ushort)BadRequestCode.BadLen, $"header length {error.AnnouncedLength} is below the 8-byte minimum");
        SendReply(OfpCodec.CreateError(exception, error.Header));
        Terminate($"framing error: header length {error.AnnouncedLength}", flushFirst: true);
    }

    /// <summary>One complete frame; the caller releases the buffer.</summary>
    internal void OnFrame(IByteBuffer frame)
    {
        if (_state == SessionState.Closed)
        {
            return;
        }

        var bytes = BufferSpans.Readable(frame, out byte[]? rented);
        try
        {
            _messagesIn++;
            _bytesIn += bytes.Length;
            if (_fastPath is not null && bytes.Length > 1 && bytes[1] == (byte)OfpType.PacketIn && IsConnected && TryAnswerHere(bytes))
            {
                return;
            }

            OfpMessage message;
            try
            {
                message = OfpCodec.Decode(bytes);
            }
            catch (OfpProtocolException e)
            {
                OnMalformed(e, bytes);
                return;
            }

            Dispatch(message, bytes);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Offers a PACKET_IN to the sink's fast path (see <see cref="IPacketInFastPath"/>): an answer is
    /// queued here, on this I/O thread, and leaves with the read burst's flush; nothing is decoded.
    /// </summary>
    private bool TryAnswerHere(ReadOnlySpan<byte> packetIn)
    {
        byte[] scratch = _answerScratch ??= new byte[AnswerScratchSize];
        int written;
        try
        {
            written = _fastPath!.TryAnswerPacketIn(this, packetIn, scratch);
        }
#pragma warning disable CA1031 // As InvokeSink: a faulty sink must not take the session down; the packet takes the usual path.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.SinkFailed("a fast-path packet-in", e);
            return false;
        }

        if (written == 0)
        {
            return false;
        }

        _packetIns++;
        EnqueueEncoded(scratch, written);
        _answeredInBurst = true;
        return true;
    }

    /// <summary>The read burst is over: flush what it queued, then tell the fast path (its answers are on their way).</summary>
    internal void OnReadComplete()
    {
        Flush();
        if (_answeredInBurst)
        {
            _answeredInBurst = false;
            try
            {
                _fastPath!.PacketInBurstEnded();
            }
#pragma warning disable CA1031 // As InvokeSink.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.SinkFailed("the end of a packet-in burst", e);
            }
        }
    }

    private void Dispatch(OfpMessage message, ReadOnlySpan<byte> frame)
    {
        switch (message)
        {
            case Hello hello:
                OnHello(hello);
                break;
            case EchoRequest echo:
                SendReply(echo.CreateReply());
                break;
            case ErrorMessage error:
                OnError(error);
                break;
            case PacketIn packetIn:
                _packetIns++;
                if (IsConnected)
                {
                    InvokeSink(static (sink, session, m) => sink.PacketInReceived(session, (PacketIn)m!), packetIn);
                }
                else
                {
                    // The control plane does not know this datapath yet; the packet is stale by the
                    // time it does, and the switch will send the next one.
                    _logger.IgnoredBeforeHandshake(RemoteAddress, message.Type, message.Xid);
                }

                break;
            case PortStatus portStatus:
                OnPortStatus(portStatus);
                break;
            case FlowRemoved flowRemoved:
                if (IsConnected)
                {
                    InvokeSink(static (sink, session, m) => sink.FlowRemovedReceived(session, (FlowRemoved)m!), flowRemoved);
                }
                else
                {
                    _logger.IgnoredBeforeHandshake(RemoteAddress, message.Type, message.Xid);
                }

                break;
            case EchoReply:
            case FeaturesReply:
            case GetConfigReply:
            case MultipartReply:
            case BarrierReply:
            case QueueGetConfigReply:
            case RoleReply:
            case GetAsyncReply:
                if (!TryDeliverReply(message) && message is not EchoReply)
                {
                    _logger.Unsolicited(RemoteAddress, message.Type, message.Xid);
                }

                break;
            case ExperimenterMessage:
                // No experimenter extension is supported, unless a caller asked for this exchange.
                if (!TryDeliverReply(message))
                {
                    Refuse(message, BadRequestCode.BadExperimenter, frame);
                }

                break;
            default:
                // A controller-to-switch message (FLOW_MOD, FEATURES_REQUEST, …) sent to the controller.
                Refuse(message, BadRequestCode.BadType, frame);
                break;
        }
    }

    private bool TryDeliverReply(OfpMessage reply)
    {
        if (!_pending.TryGetValue(reply.Xid, out var pending))
        {
            return false;
        }

        if (pending.Deliver(reply))
        {
            TryTakePending(pending);
        }

        return true;
    }

    private void Refuse(OfpMessage message, BadRequestCode code, ReadOnlySpan<byte> frame)
    {
        _logger.RefusedType(BadInputLevel(), RemoteAddress, message.Type, message.Xid);
        var exception = new OfpProtocolException(OfpErrorType.BadRequest, (ushort)code, $"{message.Type} is not accepted by the controller");
        SendReply(OfpCodec.CreateError(exception, frame));
    }

    private void OnMalformed(OfpProtocolException exception, ReadOnlySpan<byte> frame)
    {
        var type = frame.Length > 1 ? (OfpType)frame[1] : default;
        _logger.Malformed(BadInputLevel(), RemoteAddress, type, exception.ErrorType, exception.Code, exception.Message);

        // Never answer an error with an error: two peers that disagree would ping-pong for ever.
        if (type != OfpType.Error)
        {
            SendReply(OfpCodec.CreateError(exception, frame));
        }

        // A reply we cannot read must not leave its caller waiting for the timeout.
        if (frame.Length >= OfpConstants.HeaderSize && IsReplyType(type))
        {
            uint xid = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
            if (TryTakePending(xid, out var pending))
            {
                pending.Fail(exception);
            }
        }
    }

    private LogLevel BadInputLevel()
    {
        if (_badInputLogged)
        {
            return LogLevel.Debug;
        }

        _badInputLogged = true;
        return LogLevel.Warning;
    }

    private static bool IsReplyType(OfpType type) =>
        type is OfpType.Error or OfpType.EchoReply or OfpType.FeaturesReply or OfpType.GetConfigReply or OfpType.MultipartReply
            or OfpType.BarrierReply or OfpType.QueueGetConfigReply or OfpType.RoleReply or OfpType.GetAsyncReply;

    private void OnError(ErrorMessage error)
    {
        _errorsReceived++;
        if (TryTakePending(error.Xid, out var pending))
        {
            pending.Fail(new OpenFlowErrorException(error));
            return;
        }

        if (IsConnected)
        {
            InvokeSink(static (sink, session, m) => sink.ErrorReceived(session, (ErrorMessage)m!, session.FindSent(m!.Xid) ?? session.RefusedFlowMod((ErrorMessage)m)), error);
            return;
        }

        _logger.ErrorDuringHandshake(RemoteAddress, error.ErrorType, error.Code, error.Xid);
        if (error.ErrorType == OfpErrorType.HelloFailed)
        {
            Terminate($"switch refused the hello: {error.ErrorType}/{error.Code}", flushFirst: false);
        }
    }

    /// <summary>
    /// The FLOW_MOD an error refuses, rebuilt from the start of it that the error carries (at least 64
    /// bytes, OpenFlow 1.3.5 §7.4.4), when the session sent it as bytes and so did not remember it (the
    /// fast path's rules): its cookie, table and command, which say whose rule it was. Null otherwise,
    /// as for any message sent without being remembered.
    /// </summary>
    private FlowMod? RefusedFlowMod(ErrorMessage error)
    {
        if (error.Xid == 0 || !WasSentEncoded(error.Xid))
        {
            return null;
        }

        ReadOnlySpan<byte> data = error.Data.Span;

        // A switch that echoes the whole request (Open vSwitch does) gives the rule with its match and
        // instructions; one that sends only the first 64 bytes (the spec's minimum) gives its start.
        if (data.Length >= OfpConstants.HeaderSize && System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(data[2..]) == data.Length
            && OfpCodec.TryDecode(data, out OfpMessage? whole, out _) && whole is FlowMod full)
        {
            return full;
        }

        // ofp_flow_mod §7.3.4.1: header(8) cookie(8) cookie_mask(8) table_id(1) command(1).
        if (data.Length < 26 || data[1] != (byte)OfpType.FlowMod || data[25] > (byte)FlowModCommand.DeleteStrict)
        {
            return null;
        }

        return new FlowMod
        {
            Xid = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            Cookie = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(data[8..]),
            TableId = data[24],
            Command = (FlowModCommand)data[25],
        };
    }

    private void OnPortStatus(PortStatus portStatus)
    {
        switch (_state)
        {
            case SessionState.Connected:
                InvokeSink(static (sink, session, m) => sink.PortStatusReceived(session, (PortStatus)m!), portStatus);
                break;
            case SessionState.AwaitingHello:
            case SessionState.Handshaking:
                // Folded into Ports when the handshake completes, so the control plane's first view
                // of the switch already includes it.
                (_earlyPortStatus ??= []).Add(portStatus);
                break;
        }
    }
}
