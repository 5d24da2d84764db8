using SdnCtl.DataPlane.Transport;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Transport;

/// <summary>The switch's framing of the controller's byte stream, however TCP cuts it.</summary>
public sealed class FrameSplitterTests
{
    private static readonly byte[][] Messages =
    [
        new BarrierRequest { Xid = 1 }.ToArray(),
        new FlowMod { Xid = 2, Priority = 7, Match = [OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0001UL)] }.ToArray(),
        new EchoRequest { Xid = 3, Data = new byte[300] }.ToArray(),
        new BarrierRequest { Xid = 4 }.ToArray(),
    ];

    [Fact]
    public void Feed_StreamCutAtEveryPoint_YieldsEveryMessageWholeAndInOrder()
    {
        byte[] stream = [.. Messages.SelectMany(m => m)];
        for (int cut1 = 0; cut1 <= stream.Length; cut1++)
        {
            int cut2 = Math.Min(stream.Length, cut1 + 3);
            var splitter = new FrameSplitter();
            var sink = new Sink();
            Assert.True(splitter.Feed(stream.AsSpan(0, cut1), sink));
            Assert.True(splitter.Feed(stream.AsSpan(cut1, cut2 - cut1), sink));
            Assert.True(splitter.Feed(stream.AsSpan(cut2), sink));

            Assert.Equal(Messages.Length, sink.Frames.Count);
            for (int i = 0; i < Messages.Length; i++)
            {
                Assert.Equal(Messages[i], sink.Frames[i]);
            }

            Assert.Equal(0, splitter.Pending);
        }
    }

    [Fact]
    public void Feed_OneByteAtATime_YieldsEveryMessage()
    {
        byte[] stream = [.. Messages.SelectMany(m => m)];
        var splitter = new FrameSplitter();
        var sink = new Sink();
        foreach (byte b in stream)
        {
            Assert.True(splitter.Feed([b], sink));
        }

        Assert.Equal(Messages, sink.Frames);
    }

    [Fact]
    public void Feed_PartialMessage_HoldsItUntilTheRestArrives()
    {
        var message = Messages[1];
        var splitter = new FrameSplitter();
        var sink = new Sink();

        Assert.True(splitter.Feed(message.AsSpan(0, message.Length - 1), sink));
        Assert.Empty(sink.Frames);
        Assert.Equal(message.Length - 1, splitter.Pending);

        Assert.True(splitter.Feed(message.AsSpan(message.Length - 1), sink));
        Assert.Equal(message, Assert.Single(sink.Frames));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Feed_HeaderLengthBelowEight_ReturnsFalseAfterHandingOverTheHeader(bool split)
    {
        byte[] bad = [4, 20, 0, 4, 0, 0, 0, 9];
        byte[] stream = [.. Messages[0], .. bad];
        var splitter = new FrameSplitter();
        var sink = new Sink();

        bool ok = split
            ? splitter.Feed(stream.AsSpan(0, stream.Length - 3), sink) && splitter.Feed(stream.AsSpan(stream.Length - 3), sink)
            : splitter.Feed(stream, sink);

        Assert.False(ok);
        Assert.Equal([Messages[0], bad], sink.Frames);
    }

    private sealed class Sink : IFrameHandler
    {
        public List<byte[]> Frames { get; } = [];

        public void OnFrame(ReadOnlySpan<byte> frame) => Frames.Add(frame.ToArray());
    }
}
