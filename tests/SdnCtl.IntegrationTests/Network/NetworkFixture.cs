using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Control;
using SdnCtl.DataPlane.Network;
using SdnCtl.Southbound;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Network;

/// <summary>
/// A controller (control plane + OpenFlow server on an ephemeral loopback port) and the simulated
/// network of a topology file connected to it over real TCP, in this process.
/// </summary>
internal sealed class NetworkFixture : IAsyncDisposable
{
    private NetworkFixture(TopologyDocument document, ControlPlane controlPlane, OpenFlowServer server, SimulatedNetwork network)
    {
        Document = document;
        ControlPlane = controlPlane;
        Server = server;
        Network = network;
    }

    public TopologyDocument Document { get; }

    public ControlPlane ControlPlane { get; }

    public OpenFlowServer Server { get; }

    public SimulatedNetwork Network { get; }

    public static async Task<NetworkFixture> StartAsync(string topologyFile)
    {
        var document = TopologyLoader.Load(RepoPaths.Topology(topologyFile));
        var controlPlane = new ControlPlane(new ControllerOptions(), declared: document);
        controlPlane.Start();
        var server = new OpenFlowServer(new SouthboundOptions { ListenAddress = IPAddress.Loopback, Port = 0 }, controlPlane, NullLogger.Instance);
        await server.StartAsync();
        var network = new SimulatedNetwork(document);
        await network.StartAsync(server.BoundEndPoint);
        var fixture = new NetworkFixture(document, controlPlane, server, network);
        await fixture.WaitForDeclaredTopologyAsync();
        network.AnnounceHosts();
        return fixture;
    }

    /// <summary>Completes when every declared switch and link has been discovered (event-driven, no polling sleeps).</summary>
    public Task WaitForDeclaredTopologyAsync() =>
        Until(() => ControlPlane.CompareWithDeclared() is { IsEmpty: true });

    /// <summary>Awaits network events until <paramref name="condition"/> holds.</summary>
    public Task Until(Func<bool> condition) => ControlPlaneWaits.UntilAsync(ControlPlane, condition);

    public async ValueTask DisposeAsync()
    {
        await Network.DisposeAsync();
        await Server.StopAsync();
        await ControlPlane.StopAsync();
    }
}
