using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Cli.Hosting;
using SdnCtl.DataPlane.Network;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests;

/// <summary>
/// A controller with the simulated network of one topology file, discovered as declared, and an HTTP
/// client for its API; shared by the tests of a class. Derived fixtures only name the file.
/// </summary>
public abstract class SimulatedControllerFixture(string topologyFile) : IAsyncLifetime
{
    public SimulatedNetwork Network { get; private set; } = null!;

    internal ControllerHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var document = TopologyLoader.Load(RepoPaths.Topology(topologyFile));
        Network = new SimulatedNetwork(document);
        Host = await ControllerHost.StartAsync(
            new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), Declared = document },
            NullLoggerFactory.Instance,
            new SimulatorAdapter(Network));
        await Network.StartAsync(Host.Server.BoundEndPoint);
        bool discovered = await DiscoveryProgress.WaitForDeclaredAsync(Host.ControlPlane, document, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(discovered, $"{topologyFile} was not discovered as declared: {Host.ControlPlane.CompareWithDeclared()}");
        Http = new HttpClient { BaseAddress = new Uri(Host.ApiAddress) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Network.DisposeAsync();
        await Host.DisposeAsync();
    }
}
