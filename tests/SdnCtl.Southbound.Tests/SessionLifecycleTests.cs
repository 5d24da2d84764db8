using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

public sealed class SessionLifecycleTests
{
    [Fact]
    public async Task DuplicateDatapathId_SecondConnection_ReplacesFirstAfterReportingItDisconnected()
    {
        await using var server = await TestServer.StartAsync();
        var (firstFake, first) = await server.ConnectSwitchAsync(0x60);

        var secondFake = await server.ConnectAsync(new FakeSwitch(0x60));
        var second = (await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.Connected && !ReferenceEquals(e.Connection, first)).WaitAsync(TestServer.Guard)).Connection;
        await firstFake.Closed.WaitAsync(TestServer.Guard);

        var events = server.Sink.Events.Select(e => (e.Kind, e.Connection)).ToList();
        Assert.Equal([(SinkEventKind.Connected, first), (SinkEventKind.Disconnected, first), (SinkEventKind.Connected, second)], events);
        Assert.StartsWith("replaced", server.Sink.Events[1].Reason, StringComparison.Ordinal);
        Assert.False(first.IsConnected);
        Assert.True(second.IsConnected);
        Assert.Same(second, server.Server.Find(0x60));
        Assert.Single(server.Server.Connections);
        await second.BarrierAsync().WaitAsync(TestServer.Guard);
        Assert.False(secondFake.Closed.IsCompleted);
    }

    [Fact]
    public async Task SwitchDisconnects_PendingRequests_FaultWithSwitchDisconnectedException()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x61);
        fake.Intercept = (m, _) => Task.FromResult(m is RoleRequest or BarrierRequest or PortDescRequest);

        var role = connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal });
        var multipart = connection.RequestMultipartAsync<PortDescReply>(new PortDescRequest());
        var barrier = connection.BarrierAsync();
        await fake.WaitForAsync(m => m is BarrierRequest).WaitAsync(TestServer.Guard);
        await fake.DisposeAsync();

        var e = await Assert.ThrowsAsync<SwitchDisconnectedException>(() => role.WaitAsync(TestServer.Guard));
        await Assert.ThrowsAsync<SwitchDisconnectedException>(() => multipart.WaitAsync(TestServer.Guard));
        await Assert.ThrowsAsync<SwitchDisconnectedException>(() => barrier.WaitAsync(TestServer.Guard));
        await server.Sink.WaitForDisconnectedAsync(connection).WaitAsync(TestServer.Guard);
        Assert.Equal(0x61UL, e.DatapathId);
        Assert.Null(server.Server.Find(0x61));
    }

    [Fact]
    public async Task CloseAsync_WithPendingRequest_FaultsItAndReportsTheReasonOnce()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x62);
        fake.Intercept = (m, _) => Task.FromResult(m is RoleRequest);

        var role = connection.RequestAsync<RoleReply>(new RoleRequest());
        await fake.WaitForAsync(m => m is RoleRequest).WaitAsync(TestServer.Guard);
        await connection.CloseAsync("maintenance").WaitAsync(TestServer.Guard);
        await connection.CloseAsync("again").WaitAsync(TestServer.Guard);

        await Assert.ThrowsAsync<SwitchDisconnectedException>(() => role.WaitAsync(TestServer.Guard));
        await fake.Closed.WaitAsync(TestServer.Guard);
        var disconnected = Assert.Single(server.Sink.Events, e => e.Kind == SinkEventKind.Disconnected);
        Assert.Equal("maintenance", disconnected.Reason);
    }

    [Fact]
    public async Task CloseAsync_AfterSends_QueuedMessagesStillReachTheSwitch()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x63);

        for (int i = 0; i < 100; i++)
        {
            connection.Send(BarrierTests.FlowMod(i));
        }

        await connection.CloseAsync("done").WaitAsync(TestServer.Guard);
        await fake.Closed.WaitAsync(TestServer.Guard);

        Assert.Equal(100, fake.ReceivedOf<FlowMod>().Count);
    }

    [Fact]
    public async Task RequestAsync_AfterClose_FaultsImmediately()
    {
        await using var server = await TestServer.StartAsync();
        var (_, connection) = await server.ConnectSwitchAsync(0x64);
        await connection.CloseAsync("test").WaitAsync(TestServer.Guard);

        await Assert.ThrowsAsync<SwitchDisconnectedException>(() => connection.BarrierAsync());
        await Assert.ThrowsAsync<SwitchDisconnectedException>(() => connection.WhenWritableAsync());
        connection.Send(BarrierTests.FlowMod(1));
        connection.Flush();
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task StopAsync_ConnectedSwitches_AllReportedDisconnected()
    {
        var server = await TestServer.StartAsync();
        var (fakeA, a) = await server.ConnectSwitchAsync(0x65);
        var (fakeB, b) = await server.ConnectSwitchAsync(0x66);

        await server.DisposeAsync();

        Assert.Contains(server.Sink.Events, e => e.Kind == SinkEventKind.Disconnected && ReferenceEquals(e.Connection, a));
        Assert.Contains(server.Sink.Events, e => e.Kind == SinkEventKind.Disconnected && ReferenceEquals(e.Connection, b));
        Assert.True(fakeA.Closed.IsCompleted);
        Assert.True(fakeB.Closed.IsCompleted);
    }

    [Fact]
    public async Task AsyncMessages_AfterHandshake_ReachTheSink()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x67);

        await fake.SendAsync(new PortStatus { Reason = PortReason.Modify, Port = new OfpPort { PortNo = 2, Name = "eth2", State = PortState.LinkDown } });
        await fake.SendAsync(new FlowRemoved { Cookie = 77, Reason = FlowRemovedReason.IdleTimeout });
        await fake.SendAsync(new PacketIn { Data = new byte[60] });
        await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.PacketIn).WaitAsync(TestServer.Guard);

        var kinds = server.Sink.Events.Where(e => ReferenceEquals(e.Connection, connection)).Select(e => e.Kind);
        Assert.Equal([SinkEventKind.Connected, SinkEventKind.PortStatus, SinkEventKind.FlowRemoved, SinkEventKind.PacketIn], kinds);
    }
}
