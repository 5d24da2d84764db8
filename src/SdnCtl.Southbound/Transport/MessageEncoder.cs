using System.Buffers;
using DotNetty.Buffers;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Transport;

/// <summary>
/// Moves OpenFlow messages in and out of DotNetty buffers without intermediate copies: messages
/// are written straight into the buffer's backing array and frames are decoded straight from it.
/// </summary>
internal static class MessageEncoder
{
    /// <summary>
    /// Appends <paramref name="message"/> (whose encoded length the caller has computed as
    /// <paramref name="length"/>) at the writer index and advances it. Allocates nothing when the
    /// buffer has room and is array-backed, which pooled heap buffers are.
    /// </summary>
    public static void Write(IByteBuffer buffer, OfpMessage message, int length)
    {
        buffer.EnsureWritable(length);
        if (buffer.HasArray)
        {
            int written = message.WriteTo(new Span<byte>(buffer.Array, buffer.ArrayOffset + buffer.WriterIndex, length));
            buffer.SetWriterIndex(buffer.WriterIndex + written);
            return;
        }

        // Native-memory buffers (not what the pooled heap allocator hands out) take one copy.
        byte[] scratch = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = message.WriteTo(scratch);
            buffer.WriteBytes(scratch, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The readable bytes of <paramref name="frame"/> as a span. Array-backed buffers (the pooled
    /// default) are read in place; otherwise the bytes are copied into <paramref name="rented"/>,
    /// which the caller must return to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    public static ReadOnlySpan<byte> Readable(IByteBuffer frame, out byte[]? rented)
    {
        int length = frame.ReadableBytes;
        if (frame.HasArray)
        {
            rented = null;
            return new ReadOnlySpan<byte>(frame.Array, frame.ArrayOffset + frame.ReaderIndex, length);
        }

        rented = ArrayPool<byte>.Shared.Rent(length);
        frame.GetBytes(frame.ReaderIndex, rented, 0, length);
        return new ReadOnlySpan<byte>(rented, 0, length);
    }
}
