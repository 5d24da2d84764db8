using System.Buffers.Binary;
using System.Diagnostics;
using DotNetty.Buffers;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

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

    // The backing array of _filling and where in it the next message goes (_fillAt) and room ends
    // (_fillEnd). Messages are written straight into the array and the buffer's writer index is set
    // once when it is handed on (SealFilling): IByteBuffer is an interface, and its writer-index,
    // room and SetInt calls cost a handful of interface dispatches per message otherwise.
    private byte[] _fillArray = [];
    private int _fillOffset;
    private int _fillAt;
    private int _fillEnd;

    // The xids of the last FLOW_MODs sent without their instance (EnqueueEncoded, SendCopy), so that an error refusing one can
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
                if (_fillEnd - _fillAt < length)
                {
                    NextFilling(length);
                }

                // WriteTo throws before advancing _fillAt, so a message refused half-way leaves nothing behind.
                var span = new Span<byte>(_fillArray, _fillAt, length);
                message.WriteTo(span, length);
                if (xid != message.Xid)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(span[4..], xid);
                }

                _fillAt += length;
                _messagesOut++;
                _bytesOut += length;
                var type = message.Type;
                if (type == OfpType.FlowMod)
                {
                    _flowModsSent++;
                }
                else if (type == OfpType.Error)
                {
                    _errorsSent++;
                }

                if (remember)
                {
                    _recent.Remember(message);
                }
                else if (type == OfpType.FlowMod)
                {
                    // Not kept (the sender reuses the instance), but a refusal can still name its rule
                    // from the start of it the error carries, as for the fast path's bytes (RefusedFlowMod).
                    RememberEncodedFlowMod(xid);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // Too long for the 16-bit length field, or a bad field value: drop this one message.
                // Its bytes, if any were written, lie beyond _fillAt and are overwritten by the next message.
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

            if (_fillEnd - _fillAt < length)
            {
                NextFilling(length);
            }

            int start = _fillAt;
            var span = new Span<byte>(_fillArray, start, length);
            messages.AsSpan(0, length).CopyTo(span);
            _fillAt += length;
            for (int at = 0; at + OfpConstants.HeaderSize <= length;)
            {
                int messageLength = (messages[at + 2] << 8) | messages[at + 3];
                Debug.Assert(messageLength >= OfpConstants.HeaderSize && at + messageLength <= length, "encoded messages must be whole");
                uint xid = NextXid();
                BinaryPrimitives.WriteUInt32BigEndian(span[(at + 4)..], xid);
                _messagesOut++;
                _bytesOut += messageLength;
                if (messages[at + 1] == (byte)OfpType.FlowMod)
                {
                    _flowModsSent++;
                    RememberEncodedFlowMod(xid);
                }

                at += Math.Max(messageLength, OfpConstants.HeaderSize);
            }
        }
    }

    /// <summary>Notes the xid of a FLOW_MOD sent without its instance being remembered. Under _outGate.</summary>
    private void RememberEncodedFlowMod(uint xid)
    {
        _encodedFlowModXids[_encodedFlowModNext] = xid;
        _encodedFlowModNext = (_encodedFlowModNext + 1) % _encodedFlowModXids.Length;
    }

    /// <summary>True when <paramref name="xid"/> is one of the last FLOW_MODs sent without their instance (as bytes, or copied).</summary>
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
                writing.Add(SealFilling());
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
                SealFilling().Release();
            }
        }
    }

    /// <summary>Hands the buffer being filled on (to _filled) and takes a fresh one with room for <paramref name="length"/> bytes. Under _outGate.</summary>
    private void NextFilling(int length)
    {
        if (_filling is not null)
        {
            _filled.Add(SealFilling());
        }

        // A heap buffer, so that there is an array to write into (pooled heap buffers are slices of a chunk's array).
        var buffer = _channel.Allocator.HeapBuffer(Math.Max(BatchBufferSize, length));
        Debug.Assert(buffer.HasArray, "heap buffers are array-backed");
        _filling = buffer;
        _fillArray = buffer.Array;
        _fillOffset = buffer.ArrayOffset;
        _fillAt = _fillOffset + buffer.WriterIndex;
        _fillEnd = _fillOffset + buffer.Capacity;
    }

    /// <summary>Sets the writer index of the buffer being filled to what was written into its array and detaches it. Under _outGate.</summary>
    private IByteBuffer SealFilling()
    {
        var buffer = _filling!;
        buffer.SetWriterIndex(_fillAt - _fillOffset);
        _filling = null;
        _fillArray = [];
        _fillOffset = _fillAt = _fillEnd = 0;
        return buffer;
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
