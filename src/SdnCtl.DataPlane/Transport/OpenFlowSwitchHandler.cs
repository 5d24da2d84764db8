using DotNetty.Buffers;
using DotNetty.Transport.Channels;
using Microsoft.Extensions.Logging;
using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// The last handler of a switch's channel: frames (one OpenFlow message each, cut by the length
/// field decoder) go to the switch; replies are flushed once per read batch in
/// <see cref="ChannelReadComplete"/>, not per message.
/// </summary>
internal sealed class OpenFlowSwitchHandler(SimulatedSwitch sw, ILogger logger) : ChannelHandlerAdapter
{
    private ControllerSession? _session;

    public override void ChannelActive(IChannelHandlerContext context)
    {
        _session = sw.Attach(new NettyControllerChannel(context.Channel));
        base.ChannelActive(context);
    }

    public override void ChannelRead(IChannelHandlerContext context, object message)
    {
        if (message is not IByteBuffer frame)
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

            if (frame.HasArray)
            {
                // Handled in place when the switch is idle; it copies only if it must queue.
                sw.HandleMessage(_session, frame.Array.AsSpan(frame.ArrayOffset + frame.ReaderIndex, frame.ReadableBytes));
            }
            else
            {
                var bytes = new byte[frame.ReadableBytes];
                frame.GetBytes(frame.ReaderIndex, bytes);
                sw.HandleMessage(_session, bytes);
            }
        }
        finally
        {
            frame.Release();
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
        TransportLog.ChannelError(logger, sw.DatapathId, exception);
        _ = context.CloseAsync();
    }
}
