using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

public sealed class RequestReplyTests
{
    [Fact]
    public async Task RequestAsync_ConcurrentRequestsAnsweredOutOfOrder_EachGetsItsOwnReply()
    {
        const int Count = 6;
        await using var server = await TestServer.StartAsync();
        var held = new List<RoleRequest>();
        var (fake, connection) = await server.ConnectSwitchAsync(0x30);
        fake.Intercept = async (m, sw) =>
        {
            if (m is not RoleRequest role)
            {
                return false;
            }

            held.Add(role);
            if (held.Count == Count)
            {
                // Answer newest first: correlation must go by xid, not by order.
                for (int i = held.Count - 1; i >= 0; i--)
                {
                    await sw.SendAsync(new RoleReply { Xid = held[i].Xid, Role = held[i].Role, GenerationId = held[i].GenerationId });
                }
            }

            return true;
        };

        var requests = Enumerable.Range(1, Count)
            .Select(i => connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal, GenerationId = (ulong)i * 100 }))
            .ToArray();
        var replies = await Task.WhenAll(requests).WaitAsync(TestServer.Guard);

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (ulong)i * 100), replies.Select(r => r.GenerationId));
    }

    [Fact]
    public async Task RequestMultipartAsync_ReplyInSeveralParts_AssembledInOrder()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x31);
        fake.Intercept = async (m, sw) =>
        {
            if (m is not FlowStatsRequest request)
            {
                return false;
            }

            for (int part = 0; part < 3; part++)
            {
                await sw.SendAsync(new FlowStatsReply
                {
                    Xid = request.Xid,
                    Flags = part < 2 ? MultipartReplyFlags.ReplyMore : MultipartReplyFlags.None,
                    Entries = [new FlowStatsEntry { Cookie = (ulong)(part * 2) + 1 }, new FlowStatsEntry { Cookie = (ulong)(part * 2) + 2 }],
                });
            }

            return true;
        };

        var parts = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest()).WaitAsync(TestServer.Guard);

        Assert.Equal(3, parts.Count);
        Assert.Equal([1UL, 2, 3, 4, 5, 6], parts.SelectMany(p => p.Entries).Select(e => e.Cookie));
    }

    [Fact]
    public async Task RequestAsync_SwitchAnswersError_FaultsWithOpenFlowErrorException()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x32);
        fake.Intercept = async (m, sw) =>
        {
            if (m is not RoleRequest)
            {
                return false;
            }

            await sw.SendAsync(FakeSwitch.ErrorFor(m, OfpErrorType.RoleRequestFailed, (ushort)RoleRequestFailedCode.Stale));
            return true;
        };

        var e = await Assert.ThrowsAsync<OpenFlowErrorException>(() =>
            connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Master, GenerationId = 1 }).WaitAsync(TestServer.Guard));

        Assert.Equal(OfpErrorType.RoleRequestFailed, e.ErrorType);
        Assert.Equal((ushort)RoleRequestFailedCode.Stale, e.Error.Code);
        Assert.True(connection.IsConnected);
        Assert.DoesNotContain(server.Sink.Events, ev => ev.Kind == SinkEventKind.Error);
    }

    [Fact]
    public async Task Send_FlowModRefused_SinkGetsErrorWithTheRequest()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x33);
        fake.Intercept = async (m, sw) =>
        {
            if (m is FlowMod { Cookie: 7 })
            {
                await sw.SendAsync(FakeSwitch.ErrorFor(m, OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.TableFull));
                return true;
            }

            return false;
        };

        var refused = BarrierTests.FlowMod(7);
        connection.Send(BarrierTests.FlowMod(6));
        connection.Send(refused);
        connection.Send(BarrierTests.FlowMod(8));
        connection.Flush();
        var error = await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.Error).WaitAsync(TestServer.Guard);

        Assert.Equal(OfpErrorType.FlowModFailed, ((ErrorMessage)error.Message!).ErrorType);
        Assert.Same(refused, error.Request);
        Assert.Same(connection, error.Connection);
    }

    [Fact]
    public async Task RequestAsync_Cancelled_TaskCancelled()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x34);
        fake.Intercept = (m, _) => Task.FromResult(m is RoleRequest);
        using var cts = new CancellationTokenSource();

        var request = connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal }, cts.Token);
        await fake.WaitForAsync(m => m is RoleRequest).WaitAsync(TestServer.Guard);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(TestServer.Guard));
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);
    }

    [Fact]
    public async Task RequestAsync_NoReply_FaultsWithTimeoutAfterRequestTimeout()
    {
        await using var server = await TestServer.StartAsync(o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));
        var (fake, connection) = await server.ConnectSwitchAsync(0x35);
        fake.Intercept = (m, _) => Task.FromResult(m is RoleRequest);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal }).WaitAsync(TestServer.Guard));
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task RequestAsync_ReplyOfAnotherType_FaultsWithInvalidOperation()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x36);
        fake.Intercept = async (m, sw) =>
        {
            if (m is not RoleRequest)
            {
                return false;
            }

            await sw.SendAsync(new BarrierReply { Xid = m.Xid });
            return true;
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal }).WaitAsync(TestServer.Guard));
    }

    [Fact]
    public async Task Send_MessageWithoutXid_GetsAFreshNonZeroOne()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x38);
        var first = BarrierTests.FlowMod(1);
        var second = BarrierTests.FlowMod(2);
        var explicitXid = BarrierTests.FlowMod(3);
        explicitXid.Xid = 0x7777;

        connection.Send(first);
        connection.Send(second);
        connection.Send(explicitXid);
        connection.Flush();
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        Assert.NotEqual(0u, first.Xid);
        Assert.NotEqual(first.Xid, second.Xid);
        Assert.Equal([first.Xid, second.Xid, 0x7777u], fake.ReceivedOf<FlowMod>().Select(f => f.Xid));
    }

    [Fact]
    public async Task RequestAsync_MoreThanMaxPending_FaultsImmediately()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxPendingRequests = 2);
        var (fake, connection) = await server.ConnectSwitchAsync(0x37);
        fake.Intercept = (m, _) => Task.FromResult(m is RoleRequest);

        var first = connection.RequestAsync<RoleReply>(new RoleRequest());
        var second = connection.RequestAsync<RoleReply>(new RoleRequest());
        var third = connection.RequestAsync<RoleReply>(new RoleRequest());

        await Assert.ThrowsAsync<InvalidOperationException>(() => third);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
    }
}
