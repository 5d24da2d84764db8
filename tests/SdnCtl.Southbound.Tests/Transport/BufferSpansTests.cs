using DotNetty.Buffers;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Tests.Transport;

public sealed class BufferSpansTests
{
    [Fact]
    public void Readable_PooledBuffer_RoundTripsThroughOfpCodecInPlace()
    {
        var buffer = PooledByteBufferAllocator.Default.Buffer(1024);
        try
        {
            var flowMod = BarrierTests.FlowMod(42);
            flowMod.Xid = 99;

            buffer.WriteBytes(flowMod.ToArray());
            var decoded = OfpCodec.Decode(BufferSpans.Readable(buffer, out var rented));

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
    public void Readable_NonArrayBuffer_CopiesIntoARentedArray()
    {
        var buffer = Unpooled.DirectBuffer(64);
        try
        {
            var echo = new EchoRequest { Xid = 5, Data = new byte[] { 1, 2 } };
            buffer.WriteBytes(echo.ToArray());

            var span = BufferSpans.Readable(buffer, out var rented);

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
