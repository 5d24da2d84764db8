using System.Buffers;
using DotNetty.Buffers;

namespace SdnCtl.Southbound.Transport;

/// <summary>
/// Reads OpenFlow frames out of DotNetty buffers without an intermediate copy (messages are written
/// straight into the send buffers' arrays by the session itself, see SwitchSession.Outbound).
/// </summary>
internal static class BufferSpans
{
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
