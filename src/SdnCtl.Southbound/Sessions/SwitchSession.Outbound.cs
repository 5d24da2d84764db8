using System.Diagnostics;
using DotNetty.Buffers;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Sessions;

/// <content>Outbound: the batching drain (event loop).</content>
internal sealed partial class SwitchSession
{
    /// <summary>
    /// Encodes everything queued into as few pooled buffers as possible and flushes once. Returns the
    /// task of the final write, or null when there was nothing to write.
    /// </summary>
    private Task? Drain()
    {
        Debug.Assert(_channel.EventLoop.InEventLoop, "the drain owns the counters and the ring; it runs on the event loop only");
        if (!_channel.Active)
        {
            while (_outbound.TryDequeue(out _))
            {
            }

            return null;
        }

        IByteBuffer? buffer = null;
        while (_outbound.TryDequeue(out var message))
        {
            int length;
            try
            {
                length = message.Length;
                if (buffer is null || buffer.WritableBytes < length)
                {
                    if (buffer is not null)
                    {
                        _ = _channel.WriteAsync(buffer);
                        _buffersWritten++;
                    }

                    // A lone message gets a buffer of its own size; a batch gets a full-size one.
                    buffer = _channel.Allocator.Buffer(_outbound.IsEmpty ? length : Math.Max(BatchBufferSize, length));
                }

                MessageEncoder.Write(buffer, message, length);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // Too long for the 16-bit length field, or a bad field value: drop this one message, not the batch.
                OnEncodeFailed(message, e);
                continue;
            }

            _messagesOut++;
            _bytesOut += length;
            if (message.Type == OfpType.FlowMod)
            {
                _flowModsSent++;
            }
            else if (message.Type == OfpType.Error)
            {
                _errorsSent++;
            }

            _recent.Remember(message);
        }

        if (buffer is null)
        {
            return null;
        }

        if (buffer.ReadableBytes == 0)
        {
            buffer.Release();
            return null;
        }

        _buffersWritten++;
        _socketWrites++;
        return _channel.WriteAndFlushAsync(buffer);
    }

    private void OnEncodeFailed(OfpMessage message, Exception exception)
    {
        _logger.EncodeFailed(RemoteAddress, message.Type, message.Xid, exception);
        if (_pending.TryGetValue(message.Xid, out var pending) && TryTakePending(pending))
        {
            pending.Fail(exception);
        }
    }
}
