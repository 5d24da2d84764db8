using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Sessions;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

public sealed class WriteBatchingTests
{
    [Fact]
    public async Task SendMany_FlushOnce_FarFewerSocketWritesThanMessages()
    {
        const int Count = 2000;
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x70);
        var session = TestServer.SessionOf(connection);
        var before = session.Counters;

        long bytes = 0;
        for (int i = 0; i < Count; i++)
        {
            var flowMod = BarrierTests.FlowMod(i);
            bytes += flowMod.Length;
            connection.Send(flowMod);
        }

        connection.Flush();
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);
        var after = session.Counters;

        Assert.Equal(Count + 1, after.MessagesOut - before.MessagesOut);
        Assert.Equal(Count, after.FlowModsSent - before.FlowModsSent);

        // One flush for the batch, at most one more for the barrier if the batch was already out.
        Assert.InRange(after.SocketWrites - before.SocketWrites, 1, 2);
        Assert.InRange(after.BuffersWritten - before.BuffersWritten, 1, (bytes / SwitchSession.BatchBufferSize) + 2);
        Assert.Equal(Count, fake.ReceivedOf<FlowMod>().Count);
    }

    [Fact]
    public async Task Counters_AfterTraffic_CountBothDirections()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x71);
        var before = TestServer.SessionOf(connection).Counters;

        await fake.SendAsync(new PacketIn { Data = new byte[100] });
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);
        Assert.True(server.Server.TryGetCounters(0x71, out var after));

        Assert.Equal(1, after.PacketIns - before.PacketIns);
        Assert.Equal(2, after.MessagesIn - before.MessagesIn);
        Assert.Equal(1, after.MessagesOut - before.MessagesOut);
        Assert.Equal(8, after.BytesOut - before.BytesOut);
        Assert.False(server.Server.TryGetCounters(0x99, out _));
    }

    [Fact]
    public async Task WhenWritableAsync_WritableSession_CompletesImmediately()
    {
        await using var server = await TestServer.StartAsync();
        var (_, connection) = await server.ConnectSwitchAsync(0x72);

        Assert.True(connection.IsWritable);
        Assert.True(connection.WhenWritableAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task SwitchStopsReading_SessionTurnsUnwritable_AndWritableAgainOnceItReads()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            o.WriteBufferHighWaterMark = 64 * 1024;
            o.WriteBufferLowWaterMark = 16 * 1024;
        });
        var (fake, connection) = await server.ConnectSwitchAsync(0x73);
        var session = TestServer.SessionOf(connection);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Intercept = async (m, _) =>
        {
            // Stop reading at the first packet-out: the kernel buffers fill, then the transport's.
            if (m is PacketOut)
            {
                await resume.Task;
            }

            return false;
        };

        var payload = new byte[16 * 1024];
        int sent = 0;
        for (int batch = 0; batch < 1024 && connection.IsWritable; batch++)
        {
            for (int i = 0; i < 4; i++)
            {
                connection.Send(new PacketOut { Data = payload });
                sent++;
            }

            connection.Flush();
            await session.DrainedAsync().WaitAsync(TestServer.Guard);
        }

        Assert.False(connection.IsWritable);
        var writable = connection.WhenWritableAsync();
        resume.SetResult();
        await writable.WaitAsync(TestServer.Guard);
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        Assert.Equal(sent, fake.ReceivedOf<PacketOut>().Count);
    }
}
