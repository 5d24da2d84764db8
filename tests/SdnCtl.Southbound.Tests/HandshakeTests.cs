using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Handshake_SwitchAnswers_SinkSeesDatapathPortsAndDescription()
    {
        await using var server = await TestServer.StartAsync();
        var ports = FakeSwitch.DefaultPorts(5);
        var (fake, connection) = await server.ConnectSwitchAsync(0xabcdef, () => new FakeSwitch(0xabcdef) { Ports = ports, PortDescParts = 3, Manufacturer = "Acme" });

        Assert.Equal(0xabcdefUL, connection.DatapathId);
        Assert.True(connection.IsConnected);
        Assert.Equal(ports.Select(p => p.Name), connection.Ports.Select(p => p.Name));
        Assert.Equal("Acme", connection.Description.MfrDesc);
        Assert.Equal(4, connection.Features.NTables);
        Assert.Same(connection, server.Server.Find(0xabcdef));
        Assert.Contains(connection, server.Server.Connections);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", connection.RemoteAddress);

        // Packet-ins must carry whole frames.
        var setConfig = Assert.Single(fake.ReceivedOf<SetConfig>());
        Assert.Equal(OfpConstants.ControllerMaxLenNoBuffer, setConfig.MissSendLen);
        Assert.Equal(0, fake.UndecodableCount);
    }

    [Fact]
    public async Task Handshake_ControllerHello_AdvertisesOnlyOpenFlow13()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, _) = await server.ConnectSwitchAsync(1);

        var hello = Assert.IsType<Hello>(fake.Received[0]);
        Assert.Equal(OfpConstants.Version, hello.Version);
        Assert.True(hello.SupportsVersion(OfpConstants.Version));
        Assert.False(hello.SupportsVersion(0x01));
    }

    [Fact]
    public async Task Handshake_SwitchOffersOnlyOpenFlow10_HelloFailedAndClosed()
    {
        await using var server = await TestServer.StartAsync();
        var fake = await server.ConnectAsync(new FakeSwitch(2) { Hello = Hello.ForVersions(0x01) });

        var error = (ErrorMessage)await fake.WaitForAsync(m => m is ErrorMessage).WaitAsync(TestServer.Guard);
        await fake.Closed.WaitAsync(TestServer.Guard);

        Assert.Equal(OfpErrorType.HelloFailed, error.ErrorType);
        Assert.Equal((ushort)HelloFailedCode.Incompatible, error.Code);
        Assert.Equal(fake.Hello.Xid, error.Xid);
        Assert.DoesNotContain(server.Sink.Events, e => e.Kind == SinkEventKind.Connected);
    }

    [Fact]
    public async Task Handshake_BitmapWith13And15_Negotiates13()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(3, () => new FakeSwitch(3) { Hello = Hello.ForVersions(0x04, 0x06) });

        Assert.True(connection.IsConnected);
        Assert.DoesNotContain(fake.Received, m => m is ErrorMessage);
    }

    [Fact]
    public async Task Handshake_HelloWithoutBitmapAndHigherVersion_Negotiates13()
    {
        await using var server = await TestServer.StartAsync();
        var (_, connection) = await server.ConnectSwitchAsync(4, () => new FakeSwitch(4) { Hello = new Hello { Version = 0x05 } });

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Handshake_SwitchNeverAnswersFeatures_ClosedAfterHandshakeTimeout()
    {
        await using var server = await TestServer.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(200));
        var fake = await server.ConnectAsync(new FakeSwitch(5) { AnswerFeatures = false });

        await fake.Closed.WaitAsync(TestServer.Guard);

        Assert.Contains(fake.Received, m => m is FeaturesRequest);
        Assert.Empty(server.Sink.Events);
        Assert.Empty(server.Server.Connections);
    }

    [Fact]
    public async Task Handshake_AuxiliaryConnection_ClosedWithoutReplacingTheMainOne()
    {
        await using var server = await TestServer.StartAsync();
        var (_, main) = await server.ConnectSwitchAsync(6);
        var auxiliary = await server.ConnectAsync(new FakeSwitch(6) { AuxiliaryId = 1 });

        await auxiliary.Closed.WaitAsync(TestServer.Guard);

        Assert.True(main.IsConnected);
        Assert.Same(main, server.Server.Find(6));
        Assert.Single(server.Sink.Events, e => e.Kind == SinkEventKind.Connected);
    }

    [Fact]
    public async Task Handshake_PortStatusDuringHandshake_FoldedIntoPorts()
    {
        await using var server = await TestServer.StartAsync();
        var added = new OfpPort { PortNo = 9, Name = "late9", HwAddr = 0x0200_0000_0009 };
        var (_, connection) = await server.ConnectSwitchAsync(7, () => new FakeSwitch(7)
        {
            Ports = FakeSwitch.DefaultPorts(2),
            Intercept = async (m, fake) =>
            {
                if (m is DescRequest)
                {
                    // Before the DESC reply, i.e. after PORT_DESC but before the handshake is done.
                    await fake.SendAsync(new PortStatus { Reason = PortReason.Add, Port = added });
                    await fake.SendAsync(new PortStatus { Reason = PortReason.Delete, Port = new OfpPort { PortNo = 1 } });
                }

                return false;
            },
        });

        Assert.Equal([2u, 9u], connection.Ports.Select(p => p.PortNo).Order());
        Assert.DoesNotContain(server.Sink.Events, e => e.Kind == SinkEventKind.PortStatus);
    }

    [Fact]
    public async Task PacketIn_BeforeHandshake_NotDeliveredToTheSink()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(8, () => new FakeSwitch(8)
        {
            Intercept = async (m, sw) =>
            {
                if (m is FeaturesRequest)
                {
                    await sw.SendAsync(new PacketIn { Data = new byte[] { 1, 2, 3 } });
                }

                return false;
            },
        });

        // A packet-in after the handshake does arrive, and it is the only one.
        await fake.SendAsync(new PacketIn { Data = new byte[] { 4, 5, 6 } });
        var delivered = await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.PacketIn).WaitAsync(TestServer.Guard);

        Assert.Equal(new byte[] { 4, 5, 6 }, ((PacketIn)delivered.Message!).Data.ToArray());
        Assert.Single(server.Sink.Events, e => e.Kind == SinkEventKind.PacketIn);
        Assert.Equal(2, TestServer.SessionOf(connection).Counters.PacketIns);
    }
}
