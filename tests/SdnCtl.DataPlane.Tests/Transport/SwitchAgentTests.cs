using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SdnCtl.DataPlane.Transport;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Tests.Transport;

/// <summary>
/// Switch agents against a minimal controller on loopback TCP: handshake, batched requests, and
/// reconnection after the controller drops the connection. Waits are bounded by a cancellation
/// timeout; nothing sleeps.
/// </summary>
public sealed class SwitchAgentTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private SwitchAgentHost? _host;

    public Task InitializeAsync()
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _listener.Stop();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ManySwitches_ShareOneEventLoopGroup_AndCompleteTheHandshake()
    {
        _host = StartHost(switches: 5);
        var dpids = new List<ulong>();
        var clients = new List<TcpClient>();
        for (int i = 0; i < 5; i++)
        {
            var client = await _listener.AcceptTcpClientAsync(_timeout.Token);
            clients.Add(client);
            var stream = client.GetStream();
            Assert.IsType<Hello>(await ReadAsync(stream));

            // Three requests in one TCP write: the switch must answer all of them.
            var batch = new OfpMessage[] { Hello.ForVersions(OfpConstants.Version), new FeaturesRequest { Xid = 10 }, new EchoRequest { Xid = 11 } }
                .SelectMany(m => m.ToArray()).ToArray();
            await stream.WriteAsync(batch, _timeout.Token);

            var features = Assert.IsType<FeaturesReply>(await ReadAsync(stream));
            Assert.Equal(10u, features.Xid);
            Assert.Equal(11u, Assert.IsType<EchoReply>(await ReadAsync(stream)).Xid);
            dpids.Add(features.DatapathId);
        }

        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], dpids.Order());
        // Each agent answered FEATURES and ECHO over its own socket above, which is the proof of
        // connection; IsConnected is set when the connect call returns and may trail the first bytes.
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task ConnectionDropped_AgentReconnects()
    {
        _host = StartHost(switches: 1);
        using (var first = await _listener.AcceptTcpClientAsync(_timeout.Token))
        {
            Assert.IsType<Hello>(await ReadAsync(first.GetStream()));
        }

        using var second = await _listener.AcceptTcpClientAsync(_timeout.Token);
        var stream = second.GetStream();
        Assert.IsType<Hello>(await ReadAsync(stream));
        await stream.WriteAsync(Hello.ForVersions(OfpConstants.Version).ToArray().Concat(new BarrierRequest { Xid = 3 }.ToArray()).ToArray(), _timeout.Token);
        Assert.Equal(3u, Assert.IsType<BarrierReply>(await ReadAsync(stream)).Xid);
        Assert.True(_host.Agents[0].ConnectCount >= 2);
    }

    private SwitchAgentHost StartHost(int switches)
    {
        var options = new SwitchAgentOptions
        {
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
        };
        var host = new SwitchAgentHost(options, eventLoopThreads: 1);
        host.AddSwitches(switches, portsPerSwitch: 2);
        host.Start();
        return host;
    }

    private async Task<OfpMessage> ReadAsync(NetworkStream stream)
    {
        var header = new byte[OfpConstants.HeaderSize];
        await stream.ReadExactlyAsync(header, _timeout.Token);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        var frame = new byte[length];
        header.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(OfpConstants.HeaderSize), _timeout.Token);
        return OfpCodec.Decode(frame);
    }
}
