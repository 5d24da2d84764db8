using DotNetty.Buffers;
using DotNetty.Handlers.Tls;
using DotNetty.Transport.Channels;
using Microsoft.Extensions.Logging;
using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// The last handler of a switch's channel: the bytes read are cut into OpenFlow messages in place
/// (<see cref="FrameSplitter"/>) and each goes to the switch as a span of the read buffer, all of one
/// read under one entry of the switch's executor; replies
/// are flushed once per read batch in <see cref="ChannelReadComplete"/>, not per message.
/// </summary>
/// <param name="sw">The simulated switch this channel serves.</param>
/// <param name="logger">Where connection problems are logged.</param>
/// <param name="tlsFailed">Called once with the reason when the TLS handshake fails.</param>
/// <param name="connected">Called when the TCP connection is up, before the switch writes its first byte.</param>
internal sealed class OpenFlowSwitchHandler(SimulatedSwitch sw, ILogger logger, Action<string>? tlsFailed = null, Action? connected = null) : ChannelHandlerAdapter, IFrameHandler
{
    private readonly FrameSplitter _splitter = new();
    private ControllerSession? _session;
    private volatile string? _certificateRejection;
    private bool _tlsFailureReported;

    /// <summary>Reason the controller's certificate was refused (TLS check, pool thread).</summary>
    public void CertificateRejected(string reason) => _certificateRejection = reason;

    public override void UserEventTriggered(IChannelHandlerContext context, object evt)
    {
        if (evt is TlsHandshakeCompletionEvent { IsSuccessful: false } tls)
        {
            ReportTlsFailure(_certificateRejection ?? Describe(tls.Exception));
        }

        base.UserEventTriggered(context, evt);
    }

    public override void ChannelActive(IChannelHandlerContext context)
    {
        connected?.Invoke();
        _session = sw.Attach(new NettyControllerChannel(context.Channel));
        base.ChannelActive(context);
    }

    public override void ChannelRead(IChannelHandlerContext context, object message)
    {
        if (message is not IByteBuffer data)
        {
            context.FireChannelRead(message);
            return;
        }

        try
        {
            if (_session is null)
            {
                return;
            }

            // One executor entry per read, not per message: a 64 KB read holds ~700 FLOW_MODs.
            if (sw.TryEnterBurst())
            {
                bool framed;
                try
                {
                    framed = data.HasArray
                        ? _splitter.Feed(data.Array.AsSpan(data.ArrayOffset + data.ReaderIndex, data.ReadableBytes), this)
                        : _splitter.Feed(CopyOf(data), this);
                }
                finally
                {
                    sw.ExitBurst();
                }

                if (!framed)
                {
                    Unframeable(context);
                }
            }
            else
            {
                // Busy (a network simulator thread or a tick holds the switch): the bytes are copied and
                // framed on the executor, behind what it already has, so the splitter stays single-threaded.
                byte[] copy = CopyOf(data);
                sw.Post(() =>
                {
                    if (!_splitter.Feed(copy, this))
                    {
                        Unframeable(context);
                    }
                });
            }
        }
        finally
        {
            data.Release();
        }
    }

    private static byte[] CopyOf(IByteBuffer data)
    {
        var bytes = new byte[data.ReadableBytes];
        data.GetBytes(data.ReaderIndex, bytes);
        return bytes;
    }

    private void Unframeable(IChannelHandlerContext context)
    {
        TransportLog.ChannelError(logger, sw.DatapathId, new InvalidDataException("OpenFlow header length below 8 bytes: the stream cannot be framed"));
        if (_session is { } session)
        {
            sw.Flush(session); // the OFPT_ERROR for that header goes out before the close
        }

        _ = context.CloseAsync();
    }

    void IFrameHandler.OnFrame(ReadOnlySpan<byte> frame)
    {
        // Null only for bytes queued before the channel went inactive: the session is gone, so are they.
        if (_session is { } session)
        {
            sw.HandleFrameInBurst(session, frame);
        }
    }

    public override void ChannelReadComplete(IChannelHandlerContext context)
    {
        if (_session is not null)
        {
            sw.Flush(_session);
        }

        base.ChannelReadComplete(context);
    }

    public override void ChannelInactive(IChannelHandlerContext context)
    {
        if (_session is not null)
        {
            sw.Detach(_session);
            _session = null;
        }

        base.ChannelInactive(context);
    }

    public override void ExceptionCaught(IChannelHandlerContext context, Exception exception)
    {
        if (exception is NotSslRecordException)
        {
            ReportTlsFailure("the controller did not answer in TLS (a plain-TCP listener?)");
        }
        else
        {
            TransportLog.ChannelError(logger, sw.DatapathId, exception);
        }

        _ = context.CloseAsync();
    }

    private static string Describe(Exception exception)
    {
        while (exception is AggregateException { InnerException: { } inner })
        {
            exception = inner;
        }

        return exception.InnerException is { } cause ? $"{exception.Message} ({cause.Message})" : exception.Message;
    }

    private void ReportTlsFailure(string reason)
    {
        if (!_tlsFailureReported)
        {
            _tlsFailureReported = true;
            tlsFailed?.Invoke(reason);
        }
    }
}
