using DotNetty.Buffers;
using DotNetty.Transport.Channels.Embedded;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound.Tests.Transport;

public sealed class OpenFlowFrameDecoderTests
{
    [Fact]
    public void Decode_TwoMessagesInOneChunk_EmitsTwoFrames()
    {
        var channel = new EmbeddedChannel(new OpenFlowFrameDecoder());
        var first = new EchoRequest { Xid = 1, Data = new byte[] { 1, 2, 3 } }.ToArray();
        var second = new BarrierRequest { Xid = 2 }.ToArray();

        channel.WriteInbound(Unpooled.WrappedBuffer([.. first, .. second]));

        AssertFrame(channel.ReadInbound<IByteBuffer>(), first);
        AssertFrame(channel.ReadInbound<IByteBuffer>(), second);
        Assert.Null(channel.ReadInbound<object>());
        Assert.False(channel.Finish());
    }

    [Fact]
    public void Decode_MessageSplitAcrossChunks_EmitsOneFrameWhenComplete()
    {
        var channel = new EmbeddedChannel(new OpenFlowFrameDecoder());
        var message = new EchoRequest { Xid = 7, Data = new byte[40] }.ToArray();

        channel.WriteInbound(Unpooled.WrappedBuffer(message[..3]));
        Assert.Null(channel.ReadInbound<object>());
        channel.WriteInbound(Unpooled.WrappedBuffer(message[3..20]));
        Assert.Null(channel.ReadInbound<object>());
        channel.WriteInbound(Unpooled.WrappedBuffer(message[20..]));

        AssertFrame(channel.ReadInbound<IByteBuffer>(), message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Decode_HeaderLengthBelowEight_EmitsFramingErrorAndDiscardsTheRest(int length)
    {
        var channel = new EmbeddedChannel(new OpenFlowFrameDecoder());
        var good = new BarrierRequest { Xid = 1 }.ToArray();
        byte[] bad = [OfpConstants.Version, (byte)OfpType.Hello, 0, (byte)length, 0, 0, 0, 5];

        channel.WriteInbound(Unpooled.WrappedBuffer([.. good, .. bad, .. good]));
        channel.WriteInbound(Unpooled.WrappedBuffer(good));

        AssertFrame(channel.ReadInbound<IByteBuffer>(), good);
        var error = channel.ReadInbound<FramingError>();
        Assert.Equal(length, error.AnnouncedLength);
        Assert.Equal(bad, error.Header);
        Assert.Null(channel.ReadInbound<object>());
        channel.CheckException();
    }

    private static void AssertFrame(IByteBuffer frame, byte[] expected)
    {
        try
        {
            var bytes = new byte[frame.ReadableBytes];
            frame.GetBytes(frame.ReaderIndex, bytes);
            Assert.Equal(expected, bytes);
        }
        finally
        {
            frame.Release();
        }
    }
}
