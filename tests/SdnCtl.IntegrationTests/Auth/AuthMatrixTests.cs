using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>
/// Who may do what: {admin, tenant a, tenant b, no key} × every operation of the OpenAPI document (plus
/// <c>/metrics</c>), the expected answer of each cell written out below. Requests act on tenant a's
/// resources; a row's request is built not to change anything (bodies that fail validation, ids that
/// do not exist), so the cells are independent. An operation added to the API without a row here fails
/// <see cref="Matrix_CoversEveryOperationOfTheOpenApiDocument"/>: decide who may use it, then add it.
/// </summary>
public sealed class AuthMatrixTests(TenantKeysFixture fixture) : IClassFixture<TenantKeysFixture>
{
    /// <summary>A 404 that says nothing: what a caller gets for anything it may not see.</summary>
    private const string H = "hidden";

    private const string Nobody = "";

    // operation (as OpenAPI names it) → request → answer for admin, tenant a, tenant b, no key.
    // A number is the status; H is the bare 404 of TenantAccess (a real 404 must not look like it).
    private static readonly (string Operation, string Request, string Body, string Admin, string A, string B, string None)[] Rows =
    [
        ("GET /health", "/health", Nobody, "200", "200", "200", "200"),
        ("GET /metrics", "/metrics", Nobody, "200", H, H, "401"),
        ("GET /api/v1/stats", "/api/v1/stats", Nobody, "200", H, H, "401"),
        ("GET /api/v1/topology", "/api/v1/topology", Nobody, "200", H, H, "401"),
        ("GET /api/v1/switches", "/api/v1/switches", Nobody, "200", H, H, "401"),
        ("GET /api/v1/switches/{dpid}", "/api/v1/switches/s1", Nobody, "200", H, H, "401"),
        ("GET /api/v1/hosts", "/api/v1/hosts", Nobody, "200", H, H, "401"),
        ("GET /api/v1/links", "/api/v1/links", Nobody, "200", H, H, "401"),
        ("GET /api/v1/switches/{dpid}/flows", "/api/v1/switches/s1/flows", Nobody, "200", H, H, "401"),
        ("POST /api/v1/switches/{dpid}/flows", "/api/v1/switches/s1/flows", "{\"priority\": -1}", "400", H, H, "401"),
        ("DELETE /api/v1/switches/{dpid}/flows", "/api/v1/switches/s1/flows?cookie=0x1&cookieMask=0xffffffffffffffff", Nobody, "204", H, H, "401"),
        ("POST /api/v1/flows", "/api/v1/flows", "{\"flows\": [{\"priority\": -1}]}", "400", H, H, "401"),
        ("GET /api/v1/switches/{dpid}/errors", "/api/v1/switches/s1/errors", Nobody, "200", H, H, "401"),
        ("GET /api/v1/events", "/api/v1/events", Nobody, "200", "200", "200", "401"),
        ("GET /api/v1/keys", "/api/v1/keys", Nobody, "200", H, H, "401"),
        ("POST /api/v1/keys", "/api/v1/keys", "{}", "400", H, H, "401"),
        ("DELETE /api/v1/keys/{id}", "/api/v1/keys/knosuch", Nobody, "404", H, H, "401"),
        ("GET /api/v1/paths/{src}/{dst}", "/api/v1/paths/s1/s3", Nobody, "200", H, H, "401"),
        ("POST /api/v1/reservations", "/api/v1/reservations", "{}", "400", H, H, "401"),
        ("GET /api/v1/reservations", "/api/v1/reservations", Nobody, "200", H, H, "401"),
        ("GET /api/v1/reservations/{id}", "/api/v1/reservations/999999", Nobody, "404", H, H, "401"),
        ("DELETE /api/v1/reservations/{id}", "/api/v1/reservations/999999", Nobody, "404", H, H, "401"),
        ("POST /api/v1/sim/ping", "/api/v1/sim/ping", "{}", "400", H, H, "401"),
        ("POST /api/v1/sim/links/{a}/{b}/down", "/api/v1/sim/links/s1/s3/down", Nobody, "404", H, H, "401"),
        ("POST /api/v1/sim/links/{a}/{b}/up", "/api/v1/sim/links/s1/s3/up", Nobody, "404", H, H, "401"),
        ("POST /api/v1/sim/captures", "/api/v1/sim/captures", "{}", "400", H, H, "401"),
        ("GET /api/v1/sim/captures", "/api/v1/sim/captures", Nobody, "200", H, H, "401"),
        ("GET /api/v1/sim/captures/{id}", "/api/v1/sim/captures/999", Nobody, "404", H, H, "401"),
        ("DELETE /api/v1/sim/captures/{id}", "/api/v1/sim/captures/999", Nobody, "404", H, H, "401"),
        // Chains and appliances are open to tenant keys: each sees and changes only its own tenant's, and
        // one it may not see answers exactly as one that does not exist (ChainOwnership, ApplianceOwnership).
        ("POST /api/v1/chains", "/api/v1/chains", "{}", "400", "400", "400", "401"),
        ("GET /api/v1/chains", "/api/v1/chains", Nobody, "200", "200", "200", "401"),
        ("GET /api/v1/chains/{name}", "/api/v1/chains/nosuch", Nobody, "404", H, H, "401"),
        ("DELETE /api/v1/chains/{name}", "/api/v1/chains/nosuch", Nobody, "404", H, H, "401"),
        ("GET /api/v1/tenants", "/api/v1/tenants", Nobody, "200", "200", "200", "401"),
        ("POST /api/v1/tenants", "/api/v1/tenants", "{}", "400", H, H, "401"),
        ("GET /api/v1/tenants/{id}", "/api/v1/tenants/a", Nobody, "200", "200", H, "401"),
        ("DELETE /api/v1/tenants/{id}", "/api/v1/tenants/nosuch", Nobody, "404", H, H, "401"),
        ("GET /api/v1/tenants/{id}/segments", "/api/v1/tenants/a/segments", Nobody, "200", "200", H, "401"),
        ("POST /api/v1/tenants/{id}/segments", "/api/v1/tenants/a/segments", "{}", "400", "400", H, "401"),
        ("GET /api/v1/tenants/{id}/segments/{sid}", "/api/v1/tenants/a/segments/web", Nobody, "200", "200", H, "401"),
        ("DELETE /api/v1/tenants/{id}/segments/{sid}", "/api/v1/tenants/a/segments/nosuch", Nobody, "404", "404", H, "401"),
        ("GET /api/v1/tenants/{id}/segments/{sid}/members", "/api/v1/tenants/a/segments/web/members", Nobody, "200", "200", H, "401"),
        ("POST /api/v1/tenants/{id}/segments/{sid}/members", "/api/v1/tenants/a/segments/web/members", "{}", "400", "400", H, "401"),
        ("DELETE /api/v1/tenants/{id}/segments/{sid}/members", "/api/v1/tenants/a/segments/web/members?port=s2:1", Nobody, "404", "404", H, "401"),
        ("PUT /api/v1/tenants/{id}/rate-limit", "/api/v1/tenants/a/rate-limit", "{}", "400", H, H, "401"),
        ("DELETE /api/v1/tenants/{id}/rate-limit", "/api/v1/tenants/nosuch/rate-limit", Nobody, "404", H, H, "401"),
        ("POST /api/v1/sim/connect", "/api/v1/sim/connect", "{}", "400", H, H, "401"),
        ("GET /api/v1/appliances", "/api/v1/appliances", Nobody, "200", "200", "200", "401"),
        ("POST /api/v1/appliances", "/api/v1/appliances", "{}", "400", "400", "400", "401"),
        ("GET /api/v1/appliances/{name}", "/api/v1/appliances/nosuch", Nobody, "404", H, H, "401"),
        ("PUT /api/v1/appliances/{name}", "/api/v1/appliances/nosuch", "{}", "404", H, H, "401"),
        ("DELETE /api/v1/appliances/{name}", "/api/v1/appliances/nosuch", Nobody, "404", H, H, "401"),
        ("GET /api/v1/appliances/{name}/{section}", "/api/v1/appliances/nosuch/rules", Nobody, "404", H, H, "401"),
        ("PUT /api/v1/appliances/{name}/{section}", "/api/v1/appliances/nosuch/rules", "[]", "404", H, H, "401"),
        ("POST /api/v1/appliances/{name}/{section}", "/api/v1/appliances/nosuch/routes", "{}", "404", H, H, "401"),
        ("DELETE /api/v1/appliances/{name}/{section}", "/api/v1/appliances/nosuch/routes?destination=10.0.0.0/8", Nobody, "404", H, H, "401"),
        // Intents are open to tenant keys: each sees and changes only its own tenant's (see TenantIntentScope).
        ("POST /api/v1/intents", "/api/v1/intents", "{}", "400", "400", "400", "401"),
        ("GET /api/v1/intents", "/api/v1/intents", Nobody, "200", "200", "200", "401"),
        ("GET /api/v1/intents/{id}", "/api/v1/intents/999999", Nobody, "404", "404", "404", "401"),
        ("DELETE /api/v1/intents/{id}", "/api/v1/intents/999999", Nobody, "404", "404", "404", "401"),
        // Statistics (StatsEndpoints): a tenant key reads only its own tenant's; ports, flows and polling are admin only.
        ("GET /api/v1/stats/ports", "/api/v1/stats/ports", Nobody, "200", H, H, "401"),
        ("GET /api/v1/switches/{dpid}/ports/stats", "/api/v1/switches/s1/ports/stats", Nobody, "200", H, H, "401"),
        ("GET /api/v1/stats/flows", "/api/v1/stats/flows?dpid=s1", Nobody, "200", H, H, "401"),
        ("POST /api/v1/stats/poll", "/api/v1/stats/poll", Nobody, "200", H, H, "401"),
        ("GET /api/v1/tenants/{id}/stats", "/api/v1/tenants/a/stats", Nobody, "200", "200", H, "401"),
    ];

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Rows)
        {
            foreach (string caller in new[] { "admin", "a", "b", "none" })
            {
                data.Add(row.Operation, caller);
            }
        }

        return data;
    }

    [Fact]
    public async Task Matrix_CoversEveryOperationOfTheOpenApiDocument()
    {
        var (operations, _) = await ApiOperations.LoadAsync(fixture.Admin);
        var documented = operations.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);
        var rows = Rows.Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(documented.Except(rows).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Except(documented).Except(["GET /metrics"]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_AnswersAsTheMatrixSays(string operation, string caller)
    {
        var row = Rows.Single(r => r.Operation == operation);
        string expected = caller switch { "admin" => row.Admin, "a" => row.A, "b" => row.B, _ => row.None };
        string method = operation[..operation.IndexOf(' ', StringComparison.Ordinal)];
        using var request = new HttpRequestMessage(new HttpMethod(method), row.Request);
        if (row.Body.Length > 0)
        {
            request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
        }

        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        // Headers are enough (the event stream never ends by itself).
        using var response = await fixture.Client(caller).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        bool hidden = response.StatusCode == HttpStatusCode.NotFound && await IsBareNotFoundAsync(response, cts.Token);

        string actual = hidden ? H : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expected == actual, $"{caller} {operation} ({row.Request}): expected {expected}, got {actual}");
    }

    [Fact]
    public async Task ListTenants_EachTenantKeySeesOnlyItsOwn_AdminSeesBoth()
    {
        static async Task<string[]> NamesAsync(HttpClient http) =>
            [.. (await http.GetFromJsonAsync<JsonElement>("/api/v1/tenants")).EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];

        Assert.Equal(["a"], await NamesAsync(fixture.TenantA));
        Assert.Equal(["b"], await NamesAsync(fixture.TenantB));
        Assert.Superset(new HashSet<string> { "a", "b" }, (await NamesAsync(fixture.Admin)).ToHashSet());
    }

    [Fact]
    public async Task TenantKey_ChangesItsOwnSegments_CannotDeleteItsTenantOrTouchAnother()
    {
        var created = await fixture.TenantA.PostAsJsonAsync("/api/v1/tenants/a/segments", new { name = "scratch", vlan = 11 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.TenantA.PostAsJsonAsync("/api/v1/tenants/a/segments/scratch/members", new { mac = "0a:00:00:00:00:99" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.TenantA.DeleteAsync("/api/v1/tenants/a/segments/scratch")).StatusCode);

        var deleteOwn = await fixture.TenantA.DeleteAsync("/api/v1/tenants/a");
        Assert.True(deleteOwn.StatusCode == HttpStatusCode.NotFound && await IsBareNotFoundAsync(deleteOwn, CancellationToken.None));
        var intoB = await fixture.TenantA.PostAsJsonAsync("/api/v1/tenants/b/segments", new { name = "evil", vlan = 12 });
        Assert.True(intoB.StatusCode == HttpStatusCode.NotFound && await IsBareNotFoundAsync(intoB, CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.GetAsync("/api/v1/tenants/a")).StatusCode);
        Assert.Equal(["db"], (await fixture.Admin.GetFromJsonAsync<JsonElement>("/api/v1/tenants/b/segments")).EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Keys_TenantScopeForUnknownTenantIs400_DeletingTheTenantRevokesItsKeys()
    {
        var unknown = await fixture.Admin.PostAsJsonAsync("/api/v1/keys", new { name = "x", scope = "tenant:nosuch" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("scope", out _));

        Assert.Equal(HttpStatusCode.Created, (await fixture.Admin.PostAsJsonAsync("/api/v1/tenants", new { name = "shortlived" })).StatusCode);
        using var key = fixture.With(await fixture.CreateKeyAsync("shortlived"));
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/v1/tenants/shortlived")).StatusCode);
        Assert.Contains("tenant:shortlived", await fixture.Admin.GetStringAsync("/api/v1/keys"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Admin.DeleteAsync("/api/v1/tenants/shortlived")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Admin.PostAsJsonAsync("/api/v1/tenants", new { name = "shortlived" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/api/v1/tenants/shortlived")).StatusCode);
        Assert.DoesNotContain("tenant:shortlived", await fixture.Admin.GetStringAsync("/api/v1/keys"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Admin.DeleteAsync("/api/v1/tenants/shortlived")).StatusCode);
    }

    internal static async Task<bool> IsBareNotFoundAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return problem.GetProperty("title").GetString() == "Resource not found" && problem.GetProperty("detail").GetString() == "not found";
    }
}
