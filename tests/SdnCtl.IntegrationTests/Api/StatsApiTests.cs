using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Cli.Hosting;
using SdnCtl.DataPlane.Network;
using SdnCtl.IntegrationTests.Auth;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>
/// A keyed controller over real TCP with the simulated linear-3 network and periodic polling off, so
/// the tests drive rounds with <c>POST /api/v1/stats/poll</c>: tenant <c>a</c> (VLAN 10, h1's and
/// h2's ports s1:1 and s2:1) and tenant <c>b</c> (VLAN 20, h3's port s3:1), one client per key.
/// </summary>
public sealed class StatsFixture : IAsyncLifetime
{
    private const string AdminKey = "stats-admin-key-0123456789";

    public SimulatedNetwork Network { get; private set; } = null!;

    internal ControllerHost Host { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient TenantA { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var document = TopologyLoader.Load(RepoPaths.Topology("linear-3.yaml"));
        Network = new SimulatedNetwork(document);
        Host = await ControllerHost.StartAsync(
            new ControllerHostOptions
            {
                OpenFlow = new IPEndPoint(IPAddress.Loopback, 0),
                Api = new Uri("http://127.0.0.1:0"),
                Declared = document,
                ApiKey = AdminKey,
                StatsInterval = TimeSpan.Zero,
            },
            NullLoggerFactory.Instance,
            new SimulatorAdapter(Network));
        await Network.StartAsync(Host.Server.BoundEndPoint);
        Assert.True(await DiscoveryProgress.WaitForDeclaredAsync(Host.ControlPlane, document, TimeSpan.FromMinutes(1), CancellationToken.None));

        Admin = With(AdminKey);
        Anonymous = With(null);
        await CreateTenantAsync("a", new { name = "web", vlan = 10, members = new[] { new { port = "s1:1" }, new { port = "s2:1" } } });
        await CreateTenantAsync("b", new { name = "db", vlan = 20, members = new[] { new { port = "s3:1" } } });
        var created = await Admin.PostAsJsonAsync("/api/v1/keys", new { name = "tenant a", scope = "tenant:a" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        TenantA = With((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Admin, TenantA, Anonymous })
        {
            client?.Dispose();
        }

        await Network.DisposeAsync();
        await Host.DisposeAsync();
    }

    private HttpClient With(string? key) => new()
    {
        BaseAddress = new Uri(Host.ApiAddress),
        DefaultRequestHeaders = { Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key) },
    };

    private async Task CreateTenantAsync(string name, object segment)
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/tenants", new { name })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/tenants/{name}/segments", segment)).StatusCode);
    }
}

/// <summary>Port, flow and tenant statistics over REST and <c>/metrics</c>, against simulated switches answering multipart stats.</summary>
public sealed class StatsApiTests(StatsFixture fixture) : IClassFixture<StatsFixture>
{
    private const int Frames = 25;
    private const int FrameLength = 100;
    private const string TenantCookie = "cookie=0x5dc5000000000000&cookieMask=0xffff000000000000";

    [Fact]
    public async Task Traffic_PollRound_PortTenantAndFlowCountersGrowByTheFramesSent()
    {
        HttpClient admin = fixture.Admin;
        await PollAsync();
        JsonElement portBefore = await PortAsync("s1", 1);
        JsonElement tenantBefore = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tenants/a/stats");
        ulong flowsBefore = await TenantFlowPacketsAsync("s1");

        await SendFramesAsync("h1", "h2");
        PollRound round = await PollAsync();
        Assert.Equal(new PollRound(3, 0, 0), round);

        JsonElement port = await PortAsync("s1", 1);
        Assert.True(Rx(port, "packets") - Rx(portBefore, "packets") >= Frames, $"s1:1 rx packets {Rx(portBefore, "packets")} → {Rx(port, "packets")}");
        Assert.True(Rx(port, "bytes") - Rx(portBefore, "bytes") >= Frames * FrameLength);
        Assert.True(port.GetProperty("rates").GetProperty("rxBytesPerSecond").GetDouble() > 0);
        Assert.Equal("s1", port.GetProperty("switch").GetString());
        Assert.True(port.GetProperty("ageSeconds").GetDouble() >= 0);

        JsonElement tenant = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tenants/a/stats");
        Assert.True(Rx(tenant, "packets") - Rx(tenantBefore, "packets") >= Frames);
        Assert.True(Rx(tenant, "bytes") - Rx(tenantBefore, "bytes") >= Frames * FrameLength);
        Assert.True(tenant.GetProperty("rates").GetProperty("rxBytesPerSecond").GetDouble() > 0);
        Assert.Equal(["s1:1", "s2:1"], tenant.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("member").GetString()).Order(StringComparer.Ordinal));

        // The tenant's rules on s1 matched every frame h1 sent (its access port's ingress rule).
        Assert.True(await TenantFlowPacketsAsync("s1") - flowsBefore >= Frames);

        string metrics = await admin.GetStringAsync("/metrics");
        Assert.True(Metric(metrics, "sdnctl_port_rx_packets_total{dpid=\"0000000000000001\",port=\"1\"}") >= Rx(port, "packets"));
        Assert.True(Metric(metrics, "sdnctl_tenant_rx_packets_total{tenant=\"a\"}") >= Rx(tenant, "packets"));
    }

    [Fact]
    public async Task PortStats_AllOrOneSwitch_EveryPortOfEverySwitch()
    {
        await PollAsync();
        var all = await fixture.Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/stats/ports");
        Assert.Equal(2 + 3 + 2, all!.Length);
        var s2 = await fixture.Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/stats/ports?dpid=00:00:00:00:00:00:00:02");
        Assert.Equal([1u, 2u, 3u], s2!.Select(p => p.GetProperty("port").GetUInt32()));
        Assert.All(s2!, p => Assert.Equal("0000000000000002", p.GetProperty("dpid").GetString()));
        var sameByPath = await fixture.Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/switches/s2/ports/stats");
        Assert.Equal(3, sameByPath!.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/api/v1/switches/0x99/ports/stats")).StatusCode);
    }

    [Fact]
    public async Task FlowStats_CookieFilter_OnlyMatchingFlows()
    {
        await PollAsync();
        var tenantFlows = await fixture.Admin.GetFromJsonAsync<JsonElement[]>($"/api/v1/stats/flows?{TenantCookie}");
        Assert.NotEmpty(tenantFlows!);
        Assert.All(tenantFlows!, f => Assert.StartsWith("0x5dc5", f.GetProperty("cookie").GetString(), StringComparison.Ordinal));
        var all = await fixture.Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/stats/flows");
        Assert.True(all!.Length > tenantFlows!.Length, "the LLDP and table-miss rules are there too");
        Assert.Empty((await fixture.Admin.GetFromJsonAsync<JsonElement[]>("/api/v1/stats/flows?cookie=0x1234567"))!);
    }

    [Theory]
    [InlineData("/api/v1/stats/ports?dpid=zz", "dpid")]
    [InlineData("/api/v1/stats/ports?dpid=", "dpid")]
    [InlineData("/api/v1/stats/ports?port=1", "port")]
    [InlineData("/api/v1/stats/flows?cookie=zz", "cookie")]
    [InlineData("/api/v1/stats/flows?cookieMask=0xff", "cookieMask")]
    [InlineData("/api/v1/stats/flows?cookie=1&cookieMask=q", "cookieMask")]
    [InlineData("/api/v1/stats/flows?dpid=s1&dpid=s2", "dpid")]
    [InlineData("/api/v1/switches/zz/ports/stats", "dpid")]
    public async Task BadQuery_400ProblemNamingTheField(string request, string field)
    {
        var response = await fixture.Admin.GetAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task TenantKey_ReadsItsOwnTenantStats_AnotherTenantsIsABare404()
    {
        await PollAsync();
        var own = await fixture.TenantA.GetAsync("/api/v1/tenants/a/stats");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("a", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenant").GetString());

        var other = await fixture.TenantA.GetAsync("/api/v1/tenants/b/stats");
        Assert.True(other.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(other, CancellationToken.None));
        var ports = await fixture.TenantA.GetAsync("/api/v1/stats/ports");
        Assert.True(ports.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(ports, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("/api/v1/tenants/a/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/api/v1/tenants/nosuch/stats")).StatusCode);
    }

    private async Task<PollRound> PollAsync()
    {
        var response = await fixture.Admin.PostAsync("/api/v1/stats/poll", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PollRound>())!;
    }

    private async Task<JsonElement> PortAsync(string sw, uint port)
    {
        var ports = await fixture.Admin.GetFromJsonAsync<JsonElement[]>($"/api/v1/switches/{sw}/ports/stats");
        return ports!.Single(p => p.GetProperty("port").GetUInt32() == port);
    }

    private async Task<ulong> TenantFlowPacketsAsync(string sw)
    {
        var flows = await fixture.Admin.GetFromJsonAsync<JsonElement[]>($"/api/v1/stats/flows?dpid={sw}&{TenantCookie}");
        return flows!.Aggregate(0UL, (sum, f) => sum + f.GetProperty("packets").GetUInt64());
    }

    /// <summary>
    /// <paramref name="from"/> sends <see cref="Frames"/> frames of <see cref="FrameLength"/> bytes to
    /// <paramref name="to"/>'s MAC; returns once its switch port has counted them.
    /// </summary>
    private async Task SendFramesAsync(string from, string to)
    {
        var source = fixture.Network.Hosts.Single(h => h.Name == from);
        var destination = fixture.Network.Hosts.Single(h => h.Name == to);
        var ingress = fixture.Network.Inventory.FindSwitch(source.Attachment.Switch)!.Pipeline.Ports[source.Attachment.Port];
        ulong before = ingress.RxPackets;
        var frame = new byte[FrameLength];
        WriteMac(frame.AsSpan(0, 6), destination.Mac);
        WriteMac(frame.AsSpan(6, 6), source.Mac);
        // IEEE 802 local experimental ethertype: no protocol acts on it.
        frame[12] = 0x88;
        frame[13] = 0xb5;
        for (int i = 0; i < Frames; i++)
        {
            source.Post(() => source.Send(frame));
        }

        // The switch counts them on its own thread; a condition wait, not a sleep.
        Assert.True(SpinWait.SpinUntil(() => ingress.RxPackets >= before + Frames, ControlPlaneWaits.Guard), $"{ingress.RxPackets - before} of {Frames} frames reached the switch");
        await Task.Yield();
    }

    private static void WriteMac(Span<byte> target, ulong mac)
    {
        for (int i = 0; i < 6; i++)
        {
            target[i] = (byte)(mac >> (8 * (5 - i)));
        }
    }

    private static ulong Rx(JsonElement stats, string field) => stats.GetProperty("rx").GetProperty(field).GetUInt64();

    private static double Metric(string text, string series)
    {
        string line = text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private sealed record PollRound(int Polled, int Skipped, int Failed);
}
