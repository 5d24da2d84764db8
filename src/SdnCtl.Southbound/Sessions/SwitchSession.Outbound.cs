using System.Diagnostics;
using DotNetty.Buffers;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Sessions;

/// <content>
/// Outbound: messages are encoded by the sending thread, at once, into pooled batch buffers
/// (<see cref="Enqueue"/>); the drain on the event loop only hands the filled buffers to the channel
/// and flushes once. Encoding at send time means no message object waits in a queue (a bulk sender
/// can reuse one instance, see <see cref="SendCopy"/>) and no per-message hand-off to the loop.
/// </content>
internal sealed partial class SwitchSession
{
    // Guards the buffers being filled, the counters' writes and the sent-message ring. Held for
    // one encode (a few hundred nanoseconds); senders rarely meet, so it is almost never contended.
    private readonly Lock _outGate = new();

    // Filled buffers not yet handed to the channel, the one being filled, and (event loop only) the
    // list being written, swapped with _filled so that a drain allocates nothing.
    private List<IByteBuffer> _filled = [];
    private List<IByteBuffer> _writing = [];
    private IByteBuffer? _filling;

    // The xids of the last FLOW_MODs sent as bytes (EnqueueEncoded), so that an error refusing one can
    // still name its rule (see RefusedFlowMod); as many as the sent-message ring holds objects.
    private uint[] _encodedFlowModXids = [];
    private int _encodedFlowModNext;

    // Set once the channel went inactive and the buffers were released: later sends are dropped.
    private bool _outClosed;

    /// <summary>
    /// Encodes <paramref name="message"/> with <paramref name="xid"/> behind everything queued.
    /// <paramref name="remember"/> keeps a reference in the sent-message ring for error reports,
    /// which only an instance the caller will not change again may do.
    /// </summary>
    private void Enqueue(OfpMessage message, uint xid, bool remember)
    {
        Exception? failure = null;
        lock (_outGate)
        {
            if (_outClosed)
            {
                return;
            }

            try
            {
                int length = message.Length;
                if (_filling is null || _filling.WritableBytes < length)
                {
                    if (_filling is not null)
                    {
                        _filled.Add(_filling);
                    }

                    _filling = _channel.Allocator.Buffer(Math.Max(BatchBufferSize, length));
                }

                int start = _filling.WriterIndex;
                MessageEncoder.Write(_filling, message, length);
                if (xid != message.Xid)
                {
                    _filling.SetUnsignedInt(start + 4, xid);
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

                if (remember)
                {
                    _recent.Remember(message);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // Too long for the 16-bit length field, or a bad field value: drop this one message.
                // MessageEncoder.Write checks the length before writing, so the buffer holds no part of it.
                failure = e;
            }
        }

        if (failure is not null)
        {
            OnEncodeFailed(message, xid, failure);
        }
    }

    /// <summary>
    /// Copies already-encoded messages (<paramref name="length"/> bytes of <paramref name="messages"/>,
    /// back to back, xids 0) behind everything queued, numbering each with a fresh xid. Not remembered
    /// in the sent-message ring: there is no object to remember (see RefusedFlowMod for errors).
    /// </summary>
    private void EnqueueEncoded(byte[] messages, int length)
    {
        lock (_outGate)
        {
            if (_outClosed)
            {
                return;
            }

            if (_filling is null || _filling.WritableBytes < length)
            {
                if (_filling is not null)
                {
                    _filled.Add(_filling);
                }

                _filling = _channel.Allocator.Buffer(Math.Max(BatchBufferSize, length));
            }

            int start = _filling.WriterIndex;
            _filling.WriteBytes(messages, 0, length);
            for (int at = 0; at + OfpConstants.HeaderSize <= length;)
            {
                int messageLength = (messages[at + 2] << 8) | messages[at + 3];
                Debug.Assert(messageLength >= OfpConstants.HeaderSize && at + messageLength <= length, "encoded messages must be whole");
                uint xid = NextXid();
                _filling.SetUnsignedInt(start + at + 4, xid);
                _messagesOut++;
                _bytesOut += messageLength;
                if (messages[at + 1] == (byte)OfpType.FlowMod)
                {
                    _flowModsSent++;
                    _encodedFlowModXids[_encodedFlowModNext] = xid;
                    _encodedFlowModNext = (_encodedFlowModNext + 1) % _encodedFlowModXids.Length;
                }

                at += Math.Max(messageLength, OfpConstants.HeaderSize);
            }
        }
    }

    /// <summary>True when <paramref name="xid"/> is one of the last FLOW_MODs <see cref="EnqueueEncoded"/> sent.</summary>
    private bool WasSentEncoded(uint xid)
    {
        lock (_outGate)
        {
            return Array.IndexOf(_encodedFlowModXids, xid) >= 0;
        }
    }

    /// <summary>The refusable message last sent with <paramref name="xid"/> (see <see cref="SentMessageRing"/>), or null.</summary>
    private OfpMessage? FindSent(uint xid)
    {
        lock (_outGate)
        {
            return _recent.Find(xid);
        }
    }

    /// <summary>
    /// Hands every filled buffer to the channel and flushes once. Returns the task of the final
    /// write, or null when there was nothing to write.
    /// </summary>
    private Task? Drain()
    {
        Debug.Assert(_channel.EventLoop.InEventLoop, "writes to the channel are made on its event loop");
        List<IByteBuffer> writing;
        lock (_outGate)
        {
            // _writing is empty between drains: swap it in so that senders fill a fresh list.
            writing = _filled;
            _filled = _writing;
            _writing = writing;
            if (_filling is not null)
            {
                writing.Add(_filling);
                _filling = null;
            }
        }

        if (writing.Count == 0)
        {
            return null;
        }

        if (!_channel.Active)
        {
            ReleaseAll(writing);
            return null;
        }

        Task? last = null;
        foreach (var buffer in writing)
        {
            if (buffer.ReadableBytes == 0)
            {
                buffer.Release();
                continue;
            }

            _buffersWritten++;
            last = _channel.WriteAsync(buffer);
        }

        writing.Clear();
        if (last is null)
        {
            return null;
        }

        _channel.Flush();
        _socketWrites++;
        return last;
    }

    /// <summary>The channel is gone: release what was never written and drop later sends.</summary>
    private void CloseOutbound()
    {
        lock (_outGate)
        {
            _outClosed = true;
            ReleaseAll(_filled);
            if (_filling is not null)
            {
                _filling.Release();
                _filling = null;
            }
        }
    }

    private static void ReleaseAll(List<IByteBuffer> buffers)
    {
        foreach (var b in buffers)
        {
            b.Release();
        }

        buffers.Clear();
    }

    private void OnEncodeFailed(OfpMessage message, uint xid, Exception exception)
    {
        _logger.EncodeFailed(RemoteAddress, message.Type, xid, exception);
        if (_pending.TryGetValue(xid, out var pending) && TryTakePending(pending))
        {
            pending.Fail(exception);
        }
    }
}
