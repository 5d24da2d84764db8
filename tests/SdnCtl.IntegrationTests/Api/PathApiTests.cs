using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SdnCtl.Api;
using SdnCtl.Api.Endpoints;
using SdnCtl.Control;
using SdnCtl.Control.Events;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Switches;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>
/// The path endpoints over real HTTP on a fat-tree k=4 snapshot (hosts included), registered the way
/// the controller host registers them: <c>services.AddSingleton&lt;IPathComputation&gt;(...)</c>.
/// A stub control plane serves only the snapshot, so no switches need to connect.
/// </summary>
public sealed class PathApiFixture : IAsyncLifetime
{
    private WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public TopologyDocument Document { get; } = TopologyGenerators.FatTree(4);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSdnCtlApi();
        builder.Services.AddSingleton<IControlPlane>(new SnapshotOnlyControlPlane(Snapshot(Document)));
        builder.Services.AddSingleton<IPathComputation>(new PathComputationService());
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        PathEndpoints.Map(_app.MapGroup("/api/v1"));
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }

    private static TopologySnapshot Snapshot(TopologyDocument document)
    {
        SwitchPort Port(PortRef p) => new(document.FindSwitch(p.Switch)!.DatapathId, p.Port);
        var links = document.Links
            .SelectMany(l => new[] { (A: Port(l.A), B: Port(l.B), l), (A: Port(l.B), B: Port(l.A), l) })
            .Select(x => new LinkInfo(x.A, x.B, DateTimeOffset.UnixEpoch, x.l.BandwidthMbps, x.l.LatencyMs))
            .OrderBy(l => l.Source);
        var hosts = document.Hosts
            .Select(h => new HostInfo(h.Mac, h.Name, [h.Ipv4], Port(h.Attachment), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch))
            .OrderBy(h => h.Mac);
        var switches = document.Switches
            .Select(s => new SwitchInfo(s.DatapathId, s.Name, "test", DateTimeOffset.UnixEpoch, "test", "test", 1, []))
            .OrderBy(s => s.DatapathId);
        return new TopologySnapshot(1, DateTimeOffset.UnixEpoch, [.. switches], [.. links], [.. hosts]);
    }

    private sealed class SnapshotOnlyControlPlane(TopologySnapshot topology) : IControlPlane
    {
        private readonly SdnCtl.Control.Events.EventHub _events = new(16);

        public TopologySnapshot Topology { get; } = topology;

        public ControllerStats Stats => throw new NotSupportedException();

        public TopologyDocument? Declared => null;

        public IPathService Paths => HopCountPathService.Instance;

        public IReadOnlyCollection<ISwitchConnection> Connections => [];

        public ISwitchConnection? GetSwitch(ulong datapathId) => null;

        public TopologyDiff? CompareWithDeclared() => null;

        public NetworkPath? ShortestPath(ulong sourceDpid, ulong destinationDpid) => Paths.ShortestPath(Topology, sourceDpid, destinationDpid);

        // Background services of the API (static-flow reconciliation) subscribe at start; a fake that threw
        // here stopped the host while Kestrel was still binding, failing the fixture now and then.
        public NetworkEventSubscription Subscribe() => _events.Subscribe();

        public IAsyncEnumerable<NetworkEvent> WatchAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task QuiesceAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<T> InvokeAsync<T>(Func<IControlContext, T> command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task SetDeclaredTopologyAsync(TopologyDocument? declared, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> RemoveHostAsync(ulong mac, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ProbeLinksAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}

/// <summary><c>/api/v1/paths</c> and <c>/api/v1/reservations</c> over HTTP.</summary>
public sealed class PathApiTests(PathApiFixture fixture) : IClassFixture<PathApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task GetPaths_HostToHostAcrossPods_ListsNamedPortsFromHostToHost()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("/api/v1/paths/h1/h16");

        var path = json.GetProperty("paths").EnumerateArray().Single();
        var hops = path.GetProperty("hops").EnumerateArray().Select(h => h.GetString()).ToList();
        Assert.Equal("shortest", json.GetProperty("kind").GetString());
        Assert.Equal(4, path.GetProperty("hopCount").GetInt32());
        Assert.Equal(4.0, path.GetProperty("cost").GetDouble());
        Assert.Equal("e1_1:1", hops[0]);
        Assert.Equal("e4_2:2", hops[^1]);
        Assert.Equal(10, hops.Count);
    }

    [Fact]
    public async Task GetPaths_EcmpKAndDisjoint_ReturnTheirSets()
    {
        var ecmp = await _http.GetFromJsonAsync<JsonElement>("/api/v1/paths/e1_1/e4_1?ecmp=true");
        var k = await _http.GetFromJsonAsync<JsonElement>("/api/v1/paths/e1_1/e4_1?k=6&metric=latency");
        var disjoint = await _http.GetFromJsonAsync<JsonElement>("/api/v1/paths/e1_1/e4_1?disjoint=true");

        Assert.Equal(4, ecmp.GetProperty("ecmpPathCount").GetInt64());
        Assert.Equal(4, ecmp.GetProperty("paths").GetArrayLength());
        Assert.Equal(6, k.GetProperty("paths").GetArrayLength());
        Assert.Equal(["primary", "backup"], disjoint.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("role").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/paths/e1_1/e4_1?maxHops=3", "maxHops")]
    [InlineData("/api/v1/paths/e1_1/e4_1?maxLatencyMs=0.3", "maxLatencyMs")]
    [InlineData("/api/v1/paths/e1_1/e4_1?minBandwidthMbps=5000", "minBandwidthMbps")]
    [InlineData("/api/v1/paths/e1_1/e1_2?avoid=a1_1,a1_2", "avoid")]
    public async Task GetPaths_InfeasibleConstraint_Is404NamingIt(string url, string constraint)
    {
        var response = await _http.GetAsync(url);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(constraint, problem.GetProperty("constraint").GetString());
    }

    [Fact]
    public async Task GetPaths_DisjointAndEcmpWithHopLimitAndWaypoint_HonourEveryConstraint()
    {
        var disjoint = await _http.GetFromJsonAsync<JsonElement>("/api/v1/paths/e1_1/e4_1?disjoint=true&maxHops=4");
        var ecmp = await _http.GetFromJsonAsync<JsonElement>("/api/v1/paths/e1_1/e4_1?ecmp=true&maxHops=4&via=c1");
        var tooShort = await _http.GetAsync("/api/v1/paths/e1_1/e4_1?disjoint=true&maxHops=3");

        var pair = disjoint.GetProperty("paths").EnumerateArray().ToList();
        Assert.Equal(2, pair.Count);
        Assert.All(pair, p => Assert.Equal(4, p.GetProperty("hopCount").GetInt32()));
        var hops = pair.Select(p => p.GetProperty("hops").EnumerateArray().Select(h => h.GetString()).ToHashSet()).ToList();
        // Between pods of a k=4 fat-tree, link-disjoint means leaving by different uplinks, hence different cores.
        var cores = hops.Select(h => h.Where(x => x!.StartsWith('c')).Select(x => x![..x!.IndexOf(':', StringComparison.Ordinal)]).ToHashSet()).ToList();
        Assert.All(cores, c => Assert.NotEmpty(c));
        Assert.Empty(cores[0].Intersect(cores[1]));
        var through = Assert.Single(ecmp.GetProperty("paths").EnumerateArray());
        Assert.Contains(through.GetProperty("hops").EnumerateArray(), h => h.GetString()!.StartsWith("c1:", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, tooShort.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/paths/nowhere/h1", "src")]
    [InlineData("/api/v1/paths/h1/99", "dst")]
    [InlineData("/api/v1/paths/h1/h2?metric=cheapest", "metric")]
    [InlineData("/api/v1/paths/h1/h2?k=0", "k")]
    [InlineData("/api/v1/paths/h1/h2?avoid=zz", "avoid")]
    [InlineData("/api/v1/paths/h1/h2?via=zz", "via")]
    [InlineData("/api/v1/paths/h1/h2?disjoint=true&k=2", "k")]
    [InlineData("/api/v1/paths/h1/h2?minBandwidthMbps=-1", "minBandwidthMbps")]
    public async Task GetPaths_BadParameter_Is400NamingIt(string url, string field)
    {
        var response = await _http.GetAsync(url);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Reservations_CreateListConflictDelete_RoundTrip()
    {
        // h5 and h7 sit on e2_1 and e2_2 in pod 2: two 2-hop ways through a2_1 or a2_2.
        var first = await _http.PostAsJsonAsync("/api/v1/reservations", new { src = "h5", dst = "h7", bandwidthMbps = 1000 });
        var second = await _http.PostAsJsonAsync("/api/v1/reservations", new { src = "h5", dst = "h7", bandwidthMbps = 1000 });
        var third = await _http.PostAsJsonAsync("/api/v1/reservations", new { src = "h5", dst = "h7", bandwidthMbps = 1000 });
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        long id = created.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(2, created.GetProperty("path").GetProperty("hopCount").GetInt32());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("reroutes").GetInt32());
        Assert.Equal(2, (await _http.GetFromJsonAsync<JsonElement>("/api/v1/reservations")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/paths/h5/h7?minBandwidthMbps=1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/reservations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync($"/api/v1/reservations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/paths/h5/h7?minBandwidthMbps=1")).StatusCode);
        var bad = await _http.PostAsJsonAsync("/api/v1/reservations", new { src = "h5", dst = "h7", bandwidthMbps = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
