using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Cli.Hosting;
using SdnCtl.DataPlane.Network;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>
/// A keyed controller with a simulated network (linear-3 unless a subclass names another), tenants <c>a</c> (segment <c>web</c>, VLAN 10,
/// h1's port) and <c>b</c> (segment <c>db</c>, VLAN 20, h3's port), and one client per caller:
/// admin, tenant a's key, tenant b's key, and no key.
/// </summary>
public class TenantKeysFixture : IAsyncLifetime
{
    public const string AdminKey = "matrix-admin-key-0123456789";

    private readonly string _topology;
    private SimulatedNetwork _network = null!;

    public TenantKeysFixture()
        : this("linear-3.yaml")
    {
    }

    protected TenantKeysFixture(string topology) => _topology = topology;


    internal ControllerHost Host { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient TenantA { get; private set; } = null!;

    public HttpClient TenantB { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public HttpClient Client(string caller) => caller switch
    {
        "admin" => Admin,
        "a" => TenantA,
        "b" => TenantB,
        _ => Anonymous,
    };

    public async Task InitializeAsync()
    {
        var document = TopologyLoader.Load(RepoPaths.Topology(_topology));
        _network = new SimulatedNetwork(document);
        Host = await ControllerHost.StartAsync(
            new ControllerHostOptions
            {
                OpenFlow = new IPEndPoint(IPAddress.Loopback, 0),
                Api = new Uri("http://127.0.0.1:0"),
                Declared = document,
                ApiKey = AdminKey,
                EventHeartbeat = TimeSpan.FromMilliseconds(200),
            },
            NullLoggerFactory.Instance,
            new SimulatorAdapter(_network));
        await _network.StartAsync(Host.Server.BoundEndPoint);
        Assert.True(await DiscoveryProgress.WaitForDeclaredAsync(Host.ControlPlane, document, TimeSpan.FromMinutes(1), CancellationToken.None));

        Admin = With(AdminKey);
        Anonymous = With(null);
        await CreateTenantAsync("a", new { name = "web", vlan = 10, subnet = "10.0.1.0/24", members = new[] { new { port = "s1:1" } } });
        await CreateTenantAsync("b", new { name = "db", vlan = 20, members = new[] { new { port = "s3:1" } } });
        TenantA = With(await CreateKeyAsync("a"));
        TenantB = With(await CreateKeyAsync("b"));
    }

    public HttpClient With(string? key) => new()
    {
        BaseAddress = new Uri(Host.ApiAddress),
        DefaultRequestHeaders = { Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key) },
    };

    public async Task<string> CreateKeyAsync(string tenant)
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = $"tenant {tenant}", scope = $"tenant:{tenant}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Admin, TenantA, TenantB, Anonymous })
        {
            client?.Dispose();
        }

        await _network.DisposeAsync();
        await Host.DisposeAsync();
    }

    private async Task CreateTenantAsync(string name, object segment)
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/tenants", new { name })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/tenants/{name}/segments", segment)).StatusCode);
    }
}
