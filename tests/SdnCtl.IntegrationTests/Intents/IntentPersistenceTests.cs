using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Api.Dtos;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Intents;
using SdnCtl.DataPlane.Network;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Intents;

/// <summary>Intents kept in the SQLite store across a restart and installed again on the restarted network.</summary>
public sealed class IntentPersistenceTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sdnctl-intents-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Restart_SameDataDirectory_RestoresIntentsUnderTheirIdsAndInstallsThemAgain()
    {
        IntentDto[] before;
        await using (var first = await Controller.StartAsync(_data))
        {
            using var http = first.Client();
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/intents", new { type = "host-to-host", src = "h1", dst = "h5", @protected = true, tenant = "shop" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/intents", new { type = "point-to-point", src = "leaf2:1", dst = "leaf4:1", match = new { ipProto = 17, ipv4Dst = "10.0.0.7", dstPort = 53 }, constraints = new { maxHops = 2, avoid = new[] { "spine2" } } })).StatusCode);
            var deleted = await (await http.PostAsJsonAsync("/api/v1/intents", new { type = "host-to-host", src = "h2", dst = "h8" })).Content.ReadFromJsonAsync<IntentDto>();
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/v1/intents/{deleted!.Id}")).StatusCode);
            before = (await http.GetFromJsonAsync<IntentDto[]>("/api/v1/intents"))!;
        }

        Assert.Equal(2, before.Length);
        Assert.All(before, i => Assert.Equal("installed", i.State));
        await using var second = await Controller.StartAsync(_data);
        using var client = second.Client();
        Assert.Equal(before.Select(i => i.Id), second.Host.ControlPlane.Intents.Intents.Select(i => i.Id));
        // Restored before the switches came back: failed (switch not connected), then installed as the
        // network is discovered, and moved onto the protected pair once every link is known.
        await ControlPlaneWaits.UntilAsync(second.Host.ControlPlane, () => second.Host.ControlPlane.Intents.Intents.All(i =>
            i.State is IntentState.Installed or IntentState.Rerouted && i.IsProtected == i.Spec.Protected && i.Paths.Length > 0 &&
            i.Paths.All(p => second.Host.ControlPlane.Topology.FindSwitch(p.Egress.DatapathId) is not null)));
        Assert.All(second.Host.ControlPlane.Intents.Intents, i => Assert.Contains(i.History, h => h.State == IntentState.Failed));

        IntentDto[] after = (await client.GetFromJsonAsync<IntentDto[]>("/api/v1/intents"))!;
        Assert.Equal(before.Select(Describe), after.Select(Describe));
        // Which of two equal paths is primary may differ with the order links were found in; the ports used may not.
        Assert.Equal(before.Select(UsedPorts), after.Select(UsedPorts));
        Assert.True(after[0].BackupInstalled);
        Assert.Equal(PingStatus.Replied, (await second.Network.PingAsync("h1", "h5", TimeSpan.FromSeconds(10))).Status);

        // New intents continue after the restored ids.
        var next = await (await client.PostAsJsonAsync("/api/v1/intents", new { type = "host-to-host", src = "h3", dst = "h6" })).Content.ReadFromJsonAsync<IntentDto>();
        Assert.True(next!.Id > before.Max(i => i.Id));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string UsedPorts(IntentDto i) =>
        string.Join(' ', i.Paths.SelectMany(p => p.Hops.Concat(p.Backup ?? [])).Distinct().Order(StringComparer.Ordinal));

    private static string Describe(IntentDto i) =>
        $"{i.Id} {i.Type} {i.Src}->{i.Dst} protected={i.Protected} tenant={i.Tenant} match={i.Match} hops={i.Constraints?.MaxHops} avoid={string.Join(',', i.Constraints?.Avoid ?? [])}";

    private sealed class Controller : IAsyncDisposable
    {
        public ControllerHost Host { get; private set; } = null!;

        public SimulatedNetwork Network { get; private set; } = null!;

        public static async Task<Controller> StartAsync(string data)
        {
            var document = TopologyLoader.Load(RepoPaths.Topology("leaf-spine.yaml"));
            var controller = new Controller { Network = new SimulatedNetwork(document) };
            controller.Host = await ControllerHost.StartAsync(
                new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), Declared = document, DataDirectory = data },
                NullLoggerFactory.Instance,
                new SimulatorAdapter(controller.Network));
            await controller.Network.StartAsync(controller.Host.Server.BoundEndPoint);
            Assert.True(await DiscoveryProgress.WaitForDeclaredAsync(controller.Host.ControlPlane, document, TimeSpan.FromMinutes(1), CancellationToken.None));
            return controller;
        }

        public HttpClient Client() => new() { BaseAddress = new Uri(Host.ApiAddress) };

        public async ValueTask DisposeAsync()
        {
            await Network.DisposeAsync();
            await Host.DisposeAsync();
        }
    }
}
