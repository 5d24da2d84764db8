using DotNetty.Buffers;
using DotNetty.Common.Utilities;
using DotNetty.Handlers.Timeout;
using DotNetty.Handlers.Tls;
using DotNetty.Transport.Channels;
using Microsoft.Extensions.Logging;
using SdnCtl.Control.Switches;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Sessions;

/// <summary>
/// The last handler of a switch channel: turns DotNetty events into <see cref="SwitchSession"/>
/// calls. Nothing propagates past it and nothing escapes it; an exception that reaches
/// <see cref="ExceptionCaught"/> is logged and closes the session.
/// </summary>
internal sealed class SwitchSessionHandler : ChannelHandlerAdapter
{
    private readonly ISessionRegistry _registry;
    private readonly ISwitchEventSink _sink;
    private readonly SouthboundOptions _options;
    private readonly ILogger _logger;
    private SwitchSession? _session;
    private volatile string? _certificateRejection;

    public SwitchSessionHandler(ISessionRegistry registry, ISwitchEventSink sink, SouthboundOptions options, ILogger logger)
    {
        _registry = registry;
        _sink = sink;
        _options = options;
        _logger = logger;
    }

    /// <summary>The session, once the channel is active.</summary>
    internal SwitchSession? Session => _session;

    /// <summary>
    /// Called by the TLS certificate check (on a pool thread) with the reason it refused the switch's
    /// certificate; the handshake failure that follows is then logged with that reason rather than
    /// SslStream's generic "rejected by the validation callback".
    /// </summary>
    internal void CertificateRejected(string reason) => _certificateRejection = reason;

    /// <inheritdoc/>
    public override void ChannelActive(IChannelHandlerContext context)
    {
        _session = new SwitchSession(context.Channel, _registry, _sink, _options, _logger);
        _registry.Track(_session);
        _session.Start();
    }

    /// <inheritdoc/>
    public override void ChannelRead(IChannelHandlerContext context, object message)
    {
        switch (message)
        {
            case IByteBuffer frame:
                try
                {
                    _session?.OnFrame(frame);
                }
                finally
                {
                    frame.Release();
                }

                break;
            case FramingError error:
                _session?.OnFramingError(error);
                break;
            default:
                ReferenceCountUtil.Release(message);
                break;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Whatever the read batch queued (echo replies, errors, fast-path answers) goes out in one write.</remarks>
    public override void ChannelReadComplete(IChannelHandlerContext context) => _session?.OnReadComplete();

    /// <inheritdoc/>
    public override void UserEventTriggered(IChannelHandlerContext context, object evt)
    {
        if (evt is IdleStateEvent { State: IdleState.ReaderIdle } idle)
        {
            _session?.OnReaderIdle(idle.First);
        }
        else if (evt is TlsHandshakeCompletionEvent { IsSuccessful: false } tls)
        {
            _session?.OnTlsHandshakeFailed(_certificateRejection ?? Innermost(tls.Exception).Message);
        }
    }

    /// <inheritdoc/>
    public override void ChannelWritabilityChanged(IChannelHandlerContext context) => _session?.OnWritabilityChanged();

    /// <inheritdoc/>
    public override void ChannelInactive(IChannelHandlerContext context) => _session?.OnChannelInactive();

    /// <inheritdoc/>
    public override void ExceptionCaught(IChannelHandlerContext context, Exception exception)
    {
        if (exception is NotSslRecordException && _session is not null)
        {
            // A plain-TCP switch (or anything else) talking to a TLS listener.
            _session.OnTlsHandshakeFailed("the peer did not start a TLS handshake (a plain-TCP switch?)");
            return;
        }

        if (_session is not null)
        {
            _session.OnTransportError(exception);
        }
        else
        {
            _logger.TransportError(context.Channel.RemoteAddress?.ToString() ?? "unknown", exception);
            _ = context.CloseAsync();
        }
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception is AggregateException { InnerException: { } inner })
        {
            exception = inner;
        }

        return exception.InnerException is { } cause && exception is System.Security.Authentication.AuthenticationException ? cause : exception;
    }
}
