using DotNetty.Buffers;
using DotNetty.Transport.Channels.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Transport;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Transport;

/// <summary>
/// The switch's channel handler takes the switch's executor once per read: every message of a read
/// is applied in order, and a read that arrives while the switch is busy elsewhere is queued whole
/// (split messages included) and applied after what the switch is doing, still in order.
/// </summary>
public sealed class OpenFlowSwitchHandlerTests
{
    private const int Flows = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void ChannelRead_ManyMessagesInOneRead_AppliesAllInOrderThenAnswersTheBarrier()
    {
        var sw = new SimulatedSwitch(new SwitchOptions { DatapathId = 1 });
        var channel = new EmbeddedChannel(new OpenFlowSwitchHandler(sw, NullLogger.Instance));

        channel.WriteInbound(Unpooled.WrappedBuffer(Stream(barrierXid: 77)));

        var replies = Outbound(channel);
        Assert.IsType<Hello>(replies[0]);
        Assert.Equal(77u, Assert.IsType<BarrierReply>(Assert.Single(replies.Skip(1))).Xid);
        Assert.Equal(Flows, FlowCount(sw));
    }

    [Fact]
    public async Task ChannelRead_WhileTheSwitchIsBusy_QueuesTheReadAndAppliesItInOrderAfterwards()
    {
        var sw = new SimulatedSwitch(new SwitchOptions { DatapathId = 1 });
        var channel = new EmbeddedChannel(new OpenFlowSwitchHandler(sw, NullLogger.Instance));
        Assert.IsType<Hello>(Assert.Single(Outbound(channel)));

        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int countWhenReleased = -1;
        var holder = Task.Run(() => sw.Post(() =>
        {
            entered.Set();
            release.Wait(Timeout);
            countWhenReleased = sw.Pipeline.FlowCount;
        }));
        Assert.True(entered.Wait(Timeout));

        // Two reads that cut a FLOW_MOD in the middle: the second part must join the first.
        byte[] bytes = Stream(barrierXid: 78);
        int cut = (bytes.Length / 2) + 3;
        channel.WriteInbound(Unpooled.WrappedBuffer(bytes[..cut]));
        channel.WriteInbound(Unpooled.WrappedBuffer(bytes[cut..]));
        Assert.Empty(Outbound(channel));

        release.Set();
        await holder.WaitAsync(Timeout);

        Assert.Equal(0, countWhenReleased);
        Assert.Equal(78u, Assert.IsType<BarrierReply>(Assert.Single(Outbound(channel))).Xid);
        Assert.Equal(Flows, FlowCount(sw));
    }

    /// <summary>HELLO, <see cref="Flows"/> distinct FLOW_MOD ADDs and a BARRIER_REQUEST, back to back.</summary>
    private static byte[] Stream(uint barrierXid)
    {
        var messages = new List<OfpMessage> { Hello.ForVersions(OfpConstants.Version) };
        for (int i = 0; i < Flows; i++)
        {
            var add = Add(100, Match(OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)i)), Out(2));
            add.Xid = (uint)(i + 1);
            messages.Add(add);
        }

        messages.Add(new BarrierRequest { Xid = barrierXid });
        return [.. messages.SelectMany(m => m.ToArray())];
    }

    private static List<OfpMessage> Outbound(EmbeddedChannel channel)
    {
        var messages = new List<OfpMessage>();
        while (channel.ReadOutbound<IByteBuffer>() is { } buffer)
        {
            var bytes = new byte[buffer.ReadableBytes];
            buffer.GetBytes(buffer.ReaderIndex, bytes);
            buffer.Release();
            messages.Add(OfpCodec.Decode(bytes));
        }

        return messages;
    }

    private static int FlowCount(SimulatedSwitch sw)
    {
        int count = -1;
        sw.Post(() => count = sw.Pipeline.FlowCount);
        return count;
    }
}
