using DotNetty.Buffers;
using DotNetty.Codecs;
using DotNetty.Transport.Channels;
using SdnCtl.OpenFlow;

namespace SdnCtl.Southbound.Transport;

/// <summary>
/// Splits the byte stream into OpenFlow messages by the 16-bit length at offset 2 (which counts
/// the whole message, header included). Frames are retained slices of the inbound buffer; the
/// next handler releases them.
/// </summary>
/// <remarks>
/// The base decoder would throw for lengths below 4 and hand up 4–7 byte frames; neither can be
/// followed by anything meaningful, so both become one <see cref="FramingError"/> and the rest of
/// the stream is discarded. That keeps malformed input off the exception path entirely.
/// </remarks>
internal sealed class OpenFlowFrameDecoder : LengthFieldBasedFrameDecoder
{
    private const int LengthFieldOffset = 2;
    private const int LengthFieldLength = 2;

    // Set once a framing error has been reported: every later byte is noise.
    private bool _failed;

    public OpenFlowFrameDecoder()
        : base(
            maxFrameLength: OfpConstants.MaxMessageSize,
            lengthFieldOffset: LengthFieldOffset,
            lengthFieldLength: LengthFieldLength,
            lengthAdjustment: -(LengthFieldOffset + LengthFieldLength),
            initialBytesToStrip: 0)
    {
    }

    /// <inheritdoc/>
    protected override object? Decode(IChannelHandlerContext context, IByteBuffer input)
    {
        if (_failed)
        {
            input.SkipBytes(input.ReadableBytes);
            return null;
        }

        if (input.ReadableBytes >= LengthFieldOffset + LengthFieldLength)
        {
            int length = input.GetUnsignedShort(input.ReaderIndex + LengthFieldOffset);
            if (length < OfpConstants.HeaderSize)
            {
                _failed = true;
                var header = new byte[Math.Min(input.ReadableBytes, OfpConstants.HeaderSize)];
                input.GetBytes(input.ReaderIndex, header);
                input.SkipBytes(input.ReadableBytes);
                return new FramingError(length, header);
            }
        }

        return base.Decode(context, input);
    }
}
