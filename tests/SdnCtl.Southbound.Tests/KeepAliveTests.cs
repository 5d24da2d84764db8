using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

[Collection(nameof(TimingSensitive))]
public sealed class KeepAliveTests
{
    private static void ShortEchoTimeout(SouthboundOptions o)
    {
        // Keep-alive runs from the first byte, handshake included: with a 300 ms timeout a fake whose
        // handshake answers were held up that long by a loaded machine was declared dead before it was
        // ever announced, and the wait for its connection timed out. 3 s of silence is still quick to
        // reach once the fake stops answering, and far beyond any scheduling delay.
        o.EchoInterval = TimeSpan.FromMilliseconds(200);
        o.EchoTimeout = TimeSpan.FromSeconds(3);
    }

    [Fact]
    public async Task EchoKeepAlive_SwitchAnswers_StaysConnected()
    {
        // Twenty silent intervals before death: generous, because the fake answers from a thread
        // pool that a busy machine may be slow to schedule.
        await using var server = await TestServer.StartAsync(o =>
        {
            o.EchoInterval = TimeSpan.FromMilliseconds(100);
            o.EchoTimeout = TimeSpan.FromSeconds(2);
        });
        var (fake, connection) = await server.ConnectSwitchAsync(0x10);

        // Thirty answered probes span well over the timeout; a wrongly dead-declared session
        // would have closed the socket, which faults this wait.
        await fake.WaitForCountAsync<EchoRequest>(30).WaitAsync(TestServer.Guard);

        Assert.True(connection.IsConnected);
        Assert.DoesNotContain(server.Sink.Events, e => e.Kind == SinkEventKind.Disconnected);
        Assert.True(TestServer.SessionOf(connection).Counters.EchoRequestsSent >= 30);
    }

    [Fact]
    public async Task EchoKeepAlive_SwitchSilent_DisconnectedWithEchoTimeout()
    {
        await using var server = await TestServer.StartAsync(ShortEchoTimeout);
        var (fake, connection) = await server.ConnectSwitchAsync(0x11, () => new FakeSwitch(0x11) { AnswerEchoes = false });

        var disconnected = await server.Sink.WaitForDisconnectedAsync(connection).WaitAsync(TestServer.Guard);
        await fake.Closed.WaitAsync(TestServer.Guard);

        Assert.Equal("echo timeout", disconnected.Reason);
        Assert.False(connection.IsConnected);
        Assert.NotEmpty(fake.ReceivedOf<EchoRequest>());
        Assert.Null(server.Server.Find(0x11));
    }

    [Fact]
    public async Task EchoRequestFromSwitch_AnsweredWithSameXidAndData()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, _) = await server.ConnectSwitchAsync(0x12);

        await fake.SendAsync(new EchoRequest { Xid = 0xfeed, Data = new byte[] { 9, 8, 7 } });
        var reply = (EchoReply)await fake.WaitForAsync(m => m is EchoReply).WaitAsync(TestServer.Guard);

        Assert.Equal(0xfeedu, reply.Xid);
        Assert.Equal(new byte[] { 9, 8, 7 }, reply.Data.ToArray());
    }
}
