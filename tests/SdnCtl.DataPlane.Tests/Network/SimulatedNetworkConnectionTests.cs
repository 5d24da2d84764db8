using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Transport;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Network;

/// <summary>
/// <see cref="SimulatedNetwork.StartAsync"/> against a plain listening socket: no controller, just
/// proof that every switch dials the given endpoint through the shared event loop group and opens
/// with an OpenFlow 1.3 HELLO.
/// </summary>
public sealed class SimulatedNetworkConnectionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(3)]
    [InlineData(320)]
    public async Task StartAsync_EverySwitchConnectsAndSendsHello(int switches)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 1024);
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        using var cts = new CancellationTokenSource(Guard);
        var accepted = AcceptHellosAsync(listener, switches, cts.Token);
        await using var net = new SimulatedNetwork(TopologyGenerators.Linear(switches), new SimulatedNetworkOptions
        {
            EventLoopThreads = 2,
            ConnectWait = Guard,
            Agent = new SwitchAgentOptions { TickInterval = TimeSpan.FromHours(1) },
        });

        int connected = await net.StartAsync(endpoint, cts.Token).WaitAsync(Guard);
        var clients = await accepted.WaitAsync(Guard);

        Assert.Equal(switches, connected);
        Assert.Equal(switches, net.Agents.Count);
        Assert.All(net.Agents, a => Assert.True(a.IsConnected));
        await Assert.ThrowsAsync<InvalidOperationException>(() => net.StartAsync(endpoint));

        await net.StopAsync().WaitAsync(Guard);

        Assert.Empty(net.Agents);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static async Task<List<TcpClient>> AcceptHellosAsync(TcpListener listener, int count, CancellationToken cancellationToken)
    {
        var clients = new List<TcpClient>(count);
        var header = new byte[8];
        for (int i = 0; i < count; i++)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            clients.Add(client);
            var stream = client.GetStream();
            await stream.ReadExactlyAsync(header, cancellationToken);
            Assert.Equal(0x04, header[0]); // OpenFlow 1.3
            Assert.Equal(0, header[1]); // OFPT_HELLO
            int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
            await stream.ReadExactlyAsync(new byte[length - 8], cancellationToken);
        }

        return clients;
    }
}
