using System.Net;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Appliances;

public sealed class ApplianceApiFixture() : SimulatedControllerFixture("virtualbox-modes.yaml");

/// <summary>/api/v1/appliances over a running controller and simulator: life cycle, sub-resources, and every refusal as problem+json.</summary>
public sealed class ApplianceApiTests(ApplianceApiFixture fixture) : IClassFixture<ApplianceApiFixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task List_ShowsTheFilesNatsWithTheirPortsOptionsAndCounters()
    {
        JsonElement list = await GetAsync("/api/v1/appliances");

        JsonElement nat = list.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "nat-a-gw");
        Assert.Equal("nat", nat.GetProperty("kind").GetString());
        Assert.Equal(["vbox:8", "vbox:9"], nat.GetProperty("interfaces").EnumerateArray().Select(i => i.GetProperty("attachment").GetString()));
        Assert.Equal(2222, nat.GetProperty("options").GetProperty("forwards")[0].GetProperty("externalPort").GetInt32());
        Assert.True(nat.GetProperty("counters").TryGetProperty("frames-in:inside", out _));
        Assert.Equal(3, list.GetArrayLength());
    }

    [Fact]
    public async Task Firewall_CreateReplaceRulesDelete_AndEveryRefusalNamesItsField()
    {
        const string Body = """{"name":"fw-1","kind":"firewall","defaultAction":"deny","rules":[{"name":"ssh","action":"allow","protocol":"tcp","destinationPorts":"22"}],"interfaces":[{"name":"a","mac":"02:00:00:00:0f:01","attachment":"vbox:22"}]}""";

        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/appliances", Body)).Status);
        await AssertProblemAsync(PostAsync("/api/v1/appliances", Body), HttpStatusCode.Conflict, "name");
        await AssertProblemAsync(PostAsync("/api/v1/appliances", Body.Replace("fw-1", "fw-2", StringComparison.Ordinal).Replace("vbox:22", "vbox:2", StringComparison.Ordinal)), HttpStatusCode.Conflict, "interfaces[0].attachment");
        await AssertProblemAsync(PostAsync("/api/v1/appliances", Body.Replace("firewall", "waf", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "kind");
        await AssertProblemAsync(PostAsync("/api/v1/appliances", Body.Replace("fw-1", "fw-3", StringComparison.Ordinal).Replace("02:00:00:00:0f:01", "nope", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "interfaces[0].mac");
        await AssertProblemAsync(PostAsync("/api/v1/appliances", Body.Replace("fw-1", "fw-4", StringComparison.Ordinal).Replace("vbox:22", "vbox:99", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "interfaces[0].attachment");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/v1/appliances/fw-3")).StatusCode);

        JsonElement rules = await GetAsync("/api/v1/appliances/fw-1/rules");
        Assert.Equal("ssh", Assert.Single(rules.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(0, rules[0].GetProperty("hits").GetInt64());

        await AssertProblemAsync(SendAsync(HttpMethod.Put, "/api/v1/appliances/fw-1/rules", """[{"action":"allow","protocol":"tcp","destinationPorts":"80"},{"action":"deny","destinationPorts":"99999"}]"""), HttpStatusCode.BadRequest, "rules[1].destinationPorts");
        Assert.Equal("ssh", (await GetAsync("/api/v1/appliances/fw-1/rules"))[0].GetProperty("name").GetString());
        var replaced = await SendAsync(HttpMethod.Put, "/api/v1/appliances/fw-1/rules", """[{"name":"web","action":"allow","protocol":"tcp","destinationPorts":"80"},{"name":"rest","action":"reject"}]""");
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(["web", "rest"], (await GetAsync("/api/v1/appliances/fw-1")).GetProperty("options").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        await AssertProblemAsync(SendAsync(HttpMethod.Get, "/api/v1/appliances/fw-1/routes", null), HttpStatusCode.NotFound, null);

        var put = await SendAsync(HttpMethod.Put, "/api/v1/appliances/fw-1", """{"kind":"firewall","defaultAction":"allow","interfaces":[{"name":"a","mac":"02:00:00:00:0f:01","attachment":"vbox:22"}]}""");
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("allow", put.Body.GetProperty("options").GetProperty("defaultAction").GetString());
        await AssertProblemAsync(SendAsync(HttpMethod.Put, "/api/v1/appliances/fw-1", """{"kind":"firewall","interfaces":[{"name":"a","mac":"02:00:00:00:0f:01","attachment":"vbox:3"}]}"""), HttpStatusCode.Conflict, "interfaces[0].attachment");
        Assert.Equal("vbox:22", (await GetAsync("/api/v1/appliances/fw-1")).GetProperty("interfaces")[0].GetProperty("attachment").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync("/api/v1/appliances/fw-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/v1/appliances/fw-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync("/api/v1/appliances/fw-1")).StatusCode);
    }

    [Fact]
    public async Task NatForwards_AddedOverRest_CarryConnections_AndRemovedOnesDoNot_AndTranslationsShowTimeouts()
    {
        await fixture.Host.ControlPlane.QuiesceAsync();
        await Task.WhenAll(fixture.Host.ControlPlane.Connections.Select(c => c.BarrierAsync()));
        fixture.Network.AnnounceHosts();
        const string Forward = """{"protocol":"tcp","externalPort":2280,"insideAddress":"10.0.2.5","insidePort":80}""";

        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/appliances/natnetwork-gw/forwards", Forward)).Status);
        await AssertProblemAsync(PostAsync("/api/v1/appliances/natnetwork-gw/forwards", Forward), HttpStatusCode.Conflict, "externalPort");
        await AssertProblemAsync(PostAsync("/api/v1/appliances/natnetwork-gw/forwards", Forward.Replace("2280", "2281", StringComparison.Ordinal).Replace("10.0.2.5", "10.9.9.9", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "forward.insideAddress");
        var through = await fixture.Network.ConnectAsync("lan-1", "192.168.1.103", tcp: true, 2280, TimeSpan.FromSeconds(10));
        Assert.Equal(DataPlane.Hosts.ConnectStatus.Connected, through.Status);

        JsonElement translations = await GetAsync("/api/v1/appliances/natnetwork-gw/translations");
        Assert.Contains(translations.EnumerateArray(), t => t.GetProperty("externalPort").GetInt32() == 2280 && t.GetProperty("forward").GetBoolean() && t.GetProperty("expiresInSeconds").ValueKind == JsonValueKind.Null);
        Assert.Contains((await GetAsync("/api/v1/appliances/natnetwork-gw/forwards")).EnumerateArray(), f => f.GetProperty("externalPort").GetInt32() == 2280);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync("/api/v1/appliances/natnetwork-gw/forwards?protocol=tcp&externalPort=2280")).StatusCode);
        await AssertProblemAsync(SendAsync(HttpMethod.Delete, "/api/v1/appliances/natnetwork-gw/forwards?protocol=tcp&externalPort=2280", null), HttpStatusCode.NotFound, null);
        await AssertProblemAsync(SendAsync(HttpMethod.Delete, "/api/v1/appliances/natnetwork-gw/forwards?protocol=icmp&externalPort=1", null), HttpStatusCode.BadRequest, "protocol");
        var removed = await fixture.Network.ConnectAsync("lan-1", "192.168.1.103", tcp: true, 2280, TimeSpan.FromSeconds(2));
        Assert.NotEqual(DataPlane.Hosts.ConnectStatus.Connected, removed.Status);
    }

    [Fact]
    public async Task Router_RoutesAddedListedAndRemoved_WithConflictsAndBadFieldsRefused()
    {
        const string Router = """{"name":"rt-1","kind":"router","interfaces":[{"name":"a","mac":"02:00:00:00:0e:01","address":"10.50.0.1/24","attachment":"vbox:23"},{"name":"b","mac":"02:00:00:00:0e:02","address":"10.60.0.1/24","attachment":"vbox:24"}]}""";
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/appliances", Router)).Status);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/appliances/rt-1/routes", """{"destination":"10.70.0.0/16","nextHop":"10.60.0.254"}""")).Status);
        await AssertProblemAsync(PostAsync("/api/v1/appliances/rt-1/routes", """{"destination":"10.70.0.0/16","nextHop":"10.60.0.253"}"""), HttpStatusCode.Conflict, "destination");
        await AssertProblemAsync(PostAsync("/api/v1/appliances/rt-1/routes", """{"destination":"10.80.0.0/16","nextHop":"172.16.0.1"}"""), HttpStatusCode.BadRequest, "route.nextHop");
        JsonElement routes = await GetAsync("/api/v1/appliances/rt-1/routes");
        // Most specific first, as the router matches them: the connected /24s, then the static /16.
        Assert.Equal(["10.50.0.0/24", "10.60.0.0/24", "10.70.0.0/16"], routes.EnumerateArray().Select(r => r.GetProperty("destination").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync("/api/v1/appliances/rt-1/routes?destination=10.70.0.0/16")).StatusCode);
        Assert.Equal(2, (await GetAsync("/api/v1/appliances/rt-1/routes")).GetArrayLength());
        Assert.Empty((await GetAsync("/api/v1/appliances/rt-1")).GetProperty("options").GetProperty("routes").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync("/api/v1/appliances/rt-1")).StatusCode);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, null);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {status} {body}");
        return body;
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument body = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, body.RootElement.Clone());
    }

    private static async Task AssertProblemAsync(Task<(HttpStatusCode Status, JsonElement Body)> sent, HttpStatusCode expected, string? field)
    {
        var (status, body) = await sent;
        Assert.True(status == expected, $"expected {expected}, got {status}: {body}");
        if (field is null)
        {
            return;
        }

        bool named = (body.TryGetProperty("errors", out JsonElement errors) && errors.TryGetProperty(field, out _))
            || (body.TryGetProperty("field", out JsonElement f) && f.GetString() == field);
        Assert.True(named, $"the problem does not name '{field}': {body}");
    }
}
