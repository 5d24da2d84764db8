using System.Buffers.Binary;
using SdnCtl.OpenFlow;

namespace SdnCtl.DataPlane.Transport;

/// <summary>Receives the OpenFlow messages a <see cref="FrameSplitter"/> cuts out.</summary>
internal interface IFrameHandler
{
    /// <summary>One whole message, header included; the span is valid only during the call.</summary>
    void OnFrame(ReadOnlySpan<byte> frame);
}

/// <summary>
/// Cuts a TCP byte stream into OpenFlow messages (spec 7.1: <c>ofp_header.length</c>, 16 bits at
/// offset 2, counts the whole message) and hands each to an <see cref="IFrameHandler"/> as a span of
/// the read buffer itself. Only a message split across two reads is copied (into one carry buffer
/// kept for the connection).
/// </summary>
/// <remarks>
/// Written by hand instead of DotNetty's <c>LengthFieldBasedFrameDecoder</c>: that decoder makes a
/// sliced buffer object per message and passes it down the pipeline, which at a million FLOW_MODs a
/// second was the switch's read path's allocation and a virtual call chain per message.
/// </remarks>
internal sealed class FrameSplitter
{
    private byte[] _carry = new byte[OfpConstants.HeaderSize];
    private int _carryCount;

    /// <summary>Bytes of an incomplete message held for the next read.</summary>
    public int Pending => _carryCount;

    /// <summary>
    /// Feeds the next bytes of the stream. Returns false when a header carries a length below the
    /// header's own 8 bytes: the stream cannot be framed any further (that header has been handed to
    /// <paramref name="handler"/> so that it can answer OFPT_ERROR; the caller should close).
    /// </summary>
    public bool Feed(ReadOnlySpan<byte> data, IFrameHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_carryCount > 0 && !FeedCarry(ref data, handler))
        {
            return false;
        }

        while (data.Length >= OfpConstants.HeaderSize)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            if (length < OfpConstants.HeaderSize)
            {
                handler.OnFrame(data[..OfpConstants.HeaderSize]);
                return false;
            }

            if (data.Length < length)
            {
                break;
            }

            handler.OnFrame(data[..length]);
            data = data[length..];
        }

        if (!data.IsEmpty)
        {
            Carry(data);
        }

        return true;
    }

    private bool FeedCarry(ref ReadOnlySpan<byte> data, IFrameHandler handler)
    {
        if (_carryCount < OfpConstants.HeaderSize)
        {
            int take = Math.Min(OfpConstants.HeaderSize - _carryCount, data.Length);
            Carry(data[..take]);
            data = data[take..];
            if (_carryCount < OfpConstants.HeaderSize)
            {
                return true;
            }
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_carry.AsSpan(2));
        if (length < OfpConstants.HeaderSize)
        {
            handler.OnFrame(_carry.AsSpan(0, OfpConstants.HeaderSize));
            _carryCount = 0;
            return false;
        }

        int rest = Math.Min(length - _carryCount, data.Length);
        Carry(data[..rest]);
        data = data[rest..];
        if (_carryCount == length)
        {
            _carryCount = 0;
            handler.OnFrame(_carry.AsSpan(0, length));
        }

        return true;
    }

    private void Carry(ReadOnlySpan<byte> bytes)
    {
        int needed = _carryCount + bytes.Length;
        if (needed > _carry.Length)
        {
            Array.Resize(ref _carry, Math.Max(needed, Math.Min(_carry.Length * 2, OfpConstants.MaxMessageSize)));
        }

        bytes.CopyTo(_carry.AsSpan(_carryCount));
        _carryCount += bytes.Length;
    }
}
