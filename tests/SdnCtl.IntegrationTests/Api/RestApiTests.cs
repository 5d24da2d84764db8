using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SdnCtl.Cli.Hosting;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>A controller with a simulated linear-3 network and an HTTP client for its API, shared by the tests of a class.</summary>
public sealed class RestApiFixture() : SimulatedControllerFixture("linear-3.yaml");

/// <summary>The REST API over real HTTP against a controller with a simulated linear-3 network.</summary>
public sealed class RestApiTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private ControllerHost Host => fixture.Host;

    [Fact]
    public async Task GetTopology_Linear3_ListsSwitchesLinksAndMatchesTheFile()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("/api/v1/topology");

        Assert.Equal(3, json.GetProperty("switches").GetArrayLength());
        Assert.Equal(4, json.GetProperty("links").GetArrayLength());
        Assert.True(json.GetProperty("declared").GetProperty("matches").GetBoolean());
        Assert.True(json.GetProperty("version").GetInt64() > 0);
        var s2 = json.GetProperty("switches").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "s2");
        Assert.Equal("0000000000000002", s2.GetProperty("dpid").GetString());
        Assert.Equal(3, s2.GetProperty("ports").GetArrayLength());
    }

    [Theory]
    [InlineData("s2")]
    [InlineData("2")]
    [InlineData("0x2")]
    [InlineData("0000000000000002")]
    [InlineData("00:00:00:00:00:00:00:02")]
    public async Task GetSwitch_ByNameOrAnyDpidForm_ReturnsIt(string id)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/switches/{Uri.EscapeDataString(id)}");

        Assert.Equal("s2", json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetSwitch_Unknown_Is404ProblemAndGarbageIs400NamingDpid()
    {
        var missing = await _http.GetAsync("/api/v1/switches/99");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var bad = await _http.GetAsync("/api/v1/switches/not-a-switch");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("dpid", out _));
    }

    [Fact]
    public async Task GetFlows_ReadFromTheSwitch_IncludesDiscoveryAndTableMissRules()
    {
        var flows = await _http.GetFromJsonAsync<JsonElement>("/api/v1/switches/s1/flows");

        var list = flows.EnumerateArray().ToList();
        Assert.Contains(list, f => f.GetProperty("priority").GetInt32() == 0 && f.GetProperty("match").EnumerateObject().Count() == 0);
        Assert.Contains(list, f => f.GetProperty("match").TryGetProperty("eth_type", out var t) && t.GetInt32() == 0x88cc);
    }

    [Fact]
    public async Task PostPing_BetweenHosts_RepliesWithPath()
    {
        // 30 s, not the simulator's 2 s default: the first echo crosses the controller (packet-in, path,
        // flow-mods), which a loaded 2-core machine can hold up for longer than that.
        var response = await _http.PostAsJsonAsync("/api/v1/sim/ping", new { src = "h1", dst = "h3", timeoutMs = 30_000 });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("replied").GetBoolean(), json.ToString());
        Assert.NotEqual(0, json.GetProperty("replyPath").GetArrayLength());

        var hosts = await _http.GetFromJsonAsync<JsonElement>("/api/v1/hosts");
        Assert.Contains(hosts.EnumerateArray(), h => h.GetProperty("name").GetString() == "h3");
    }

    [Theory]
    [InlineData("{\"src\":\"h1\"", "$")]
    [InlineData("{\"src\":1,\"dst\":\"h2\"}", "$.src")]
    [InlineData("{\"src\":\"h1\",\"dst\":\"h2\",\"extra\":true}", "$.extra")]
    public async Task PostPing_MalformedBody_Is400ProblemNamingTheField(string body, string field)
    {
        var response = await _http.PostAsync("/api/v1/sim/ping", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(60_001)]
    public async Task PostPing_TimeoutOutOfRange_Is400NamingTimeoutMs(int timeoutMs)
    {
        var response = await _http.PostAsJsonAsync("/api/v1/sim/ping", new { src = "h1", dst = "h3", timeoutMs });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1 to 60000 ms", Assert.Single(problem.GetProperty("errors").GetProperty("timeoutMs").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostPing_UnknownHost_Is400NamingDst()
    {
        var response = await _http.PostAsJsonAsync("/api/v1/sim/ping", new { src = "h1", dst = "h99" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dst", out _));
    }

    [Fact]
    public async Task LinkDownThenUp_ChangesTheDiscoveredLinks()
    {
        var down = await _http.PostAsync("/api/v1/sim/links/s1/s2/down", null);
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        await WaitForLinksAsync(2);
        var topology = await _http.GetFromJsonAsync<JsonElement>("/api/v1/topology");
        Assert.False(topology.GetProperty("declared").GetProperty("matches").GetBoolean());
        Assert.Equal(1, topology.GetProperty("declared").GetProperty("missingLinks").GetArrayLength());

        var up = await _http.PostAsync("/api/v1/sim/links/s1/s2/up", null);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        await Host.ControlPlane.ProbeLinksAsync();
        await WaitForLinksAsync(4);

        var none = await _http.PostAsync("/api/v1/sim/links/s1/s3/down", null);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task OpenApiAndReference_AreServed()
    {
        var doc = await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/topology", out _));
        Assert.True(paths.TryGetProperty("/api/v1/sim/ping", out _));
        Assert.True(paths.TryGetProperty("/api/v1/switches/{dpid}/flows", out _));

        var page = await _http.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var health = await _http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var stats = await _http.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        Assert.True(stats.GetProperty("lldpProbesSent").GetInt64() > 0);
    }

    private Task WaitForLinksAsync(int count) =>
        ControlPlaneWaits.UntilAsync(Host.ControlPlane, () => Host.ControlPlane.Topology.Links.Length == count);
}
