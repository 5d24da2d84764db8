using System.Buffers;
using DotNetty.Buffers;
using DotNetty.Transport.Channels;
using SdnCtl.DataPlane.Switch;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// <see cref="IControllerChannel"/> over a DotNetty channel: each message is encoded straight into
/// a pooled <see cref="IByteBuffer"/> from the channel's allocator and written without a flush;
/// <see cref="Flush"/> sends the batch. DotNetty's write/flush are safe from any thread.
/// </summary>
internal sealed class NettyControllerChannel(IChannel channel) : IControllerChannel
{
    public void Send(OfpMessage message)
    {
        int length = message.Length;
        var buffer = channel.Allocator.Buffer(length);
        try
        {
            buffer.EnsureWritable(length);
            if (buffer.HasArray)
            {
                message.WriteTo(buffer.Array.AsSpan(buffer.ArrayOffset + buffer.WriterIndex, length));
                buffer.SetWriterIndex(buffer.WriterIndex + length);
            }
            else
            {
                byte[] scratch = ArrayPool<byte>.Shared.Rent(length);
                message.WriteTo(scratch);
                buffer.WriteBytes(scratch, 0, length);
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        catch
        {
            buffer.Release();
            throw;
        }

        // Ownership passes to the channel; a failed write (closed channel) releases the buffer.
        _ = channel.WriteAsync(buffer);
    }

    public void Flush() => channel.Flush();

    public void Close() => _ = channel.CloseAsync();
}
