using DotNetty.Buffers;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Tests.Transport;

public sealed class MessageEncoderTests
{
    [Fact]
    public void Write_ThenReadable_RoundTripsThroughOfpCodec()
    {
        var buffer = PooledByteBufferAllocator.Default.Buffer(1024);
        try
        {
            var flowMod = BarrierTests.FlowMod(42);
            flowMod.Xid = 99;

            MessageEncoder.Write(buffer, flowMod, flowMod.Length);
            var decoded = OfpCodec.Decode(MessageEncoder.Readable(buffer, out var rented));

            Assert.Null(rented);
            Assert.Equal(flowMod, decoded);
            Assert.Equal(flowMod.Length, buffer.WriterIndex);
        }
        finally
        {
            buffer.Release();
        }
    }

    [Fact]
    public void Write_FlowModsIntoPooledBuffer_AllocatesNothing()
    {
        var buffer = PooledByteBufferAllocator.Default.Buffer(64 * 1024);
        try
        {
            var flowMod = BarrierTests.FlowMod(1);
            int length = flowMod.Length;
            MessageEncoder.Write(buffer, flowMod, length);
            buffer.Clear();

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                length = flowMod.Length;
                MessageEncoder.Write(buffer, flowMod, length);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.Equal(500 * length, buffer.ReadableBytes);
        }
        finally
        {
            buffer.Release();
        }
    }

    [Fact]
    public void Readable_NonArrayBuffer_CopiesIntoARentedArray()
    {
        var buffer = Unpooled.DirectBuffer(64);
        try
        {
            var echo = new EchoRequest { Xid = 5, Data = new byte[] { 1, 2 } };
            MessageEncoder.Write(buffer, echo, echo.Length);

            var span = MessageEncoder.Readable(buffer, out var rented);

            Assert.Equal(echo.ToArray(), span.ToArray());
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
        finally
        {
            buffer.Release();
        }
    }
}
