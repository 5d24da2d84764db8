using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>The keyed controller of <see cref="TenantKeysFixture"/> on chain-ring (one-armed firewalls fw1 at s2:4 and fw2 at s2:5; s2:1 free).</summary>
public sealed class ChainRingTenantKeysFixture() : TenantKeysFixture("chain-ring.yaml");

/// <summary>
/// Appliances and chains under tenant keys: a tenant sees and changes its own only, and builds chains of
/// its own members through its own appliances; another tenant's, or a shared one, looks like nothing.
/// </summary>
public sealed class TenantApplianceTests(ChainRingTenantKeysFixture fixture) : IClassFixture<ChainRingTenantKeysFixture>
{
    [Fact]
    public async Task TenantKeys_OwnAppliancesAndChainsOnly_OthersAreBare404()
    {
        // Cabled to tenant b's port, owned by b, or by a tenant that does not exist: refused naming the field.
        await ExpectFieldAsync(fixture.TenantA, Firewall("fw-a", "s3:1"), "interfaces[0].attachment");
        await ExpectFieldAsync(fixture.TenantA, Firewall("fw-a", "s2:1", tenant: "b"), "tenant");
        await ExpectFieldAsync(fixture.Admin, Firewall("fw-a", "s2:1", tenant: "nosuch"), "tenant");

        // Tenant a takes the free port s2:1 and h4's port into its segment, and cables its firewall there.
        await ExpectAsync(HttpStatusCode.Created, fixture.TenantA.PostAsJsonAsync("/api/v1/tenants/a/segments/web/members", new { port = "s2:1" }));
        await ExpectAsync(HttpStatusCode.Created, fixture.TenantA.PostAsJsonAsync("/api/v1/tenants/a/segments/web/members", new { port = "s4:1" }));
        var created = await ExpectAsync(HttpStatusCode.Created, fixture.TenantA.PostAsJsonAsync("/api/v1/appliances", Firewall("fw-a", "s2:1")));
        Assert.Equal("a", created.GetProperty("tenant").GetString());

        // The admin gives fw2 to tenant b; fw1 stays shared.
        var fw2 = Firewall("fw2", "s2:5", mac: "02:00:00:00:0f:02", tenant: "b");
        Assert.Equal("b", (await ExpectAsync(HttpStatusCode.OK, fixture.Admin.PutAsJsonAsync("/api/v1/appliances/fw2", fw2))).GetProperty("tenant").GetString());

        Assert.Equal(["fw-a"], await NamesAsync(fixture.TenantA, "appliances"));
        Assert.Equal(["fw2"], await NamesAsync(fixture.TenantB, "appliances"));
        Assert.Equal(["fw-a", "fw1", "fw2"], await NamesAsync(fixture.Admin, "appliances"));

        await ExpectHiddenAsync(fixture.TenantB.GetAsync("/api/v1/appliances/fw-a"));
        await ExpectHiddenAsync(fixture.TenantB.GetAsync("/api/v1/appliances/fw-a/rules"));
        await ExpectHiddenAsync(fixture.TenantB.PutAsJsonAsync("/api/v1/appliances/fw-a/rules", Array.Empty<object>()));
        await ExpectHiddenAsync(fixture.TenantB.PutAsJsonAsync("/api/v1/appliances/fw-a", Firewall("fw-a", "s2:1")));
        await ExpectHiddenAsync(fixture.TenantB.DeleteAsync("/api/v1/appliances/fw-a"));
        await ExpectHiddenAsync(fixture.TenantA.GetAsync("/api/v1/appliances/fw1"));
        await ExpectHiddenAsync(fixture.TenantA.DeleteAsync("/api/v1/appliances/fw2"));

        // Its own: rules, and a whole replace that keeps the owner.
        await ExpectAsync(HttpStatusCode.OK, fixture.TenantA.PutAsJsonAsync("/api/v1/appliances/fw-a/rules", new[] { new { name = "no-ssh", action = "deny", protocol = "tcp", destinationPorts = "22" } }));
        await ExpectAsync(HttpStatusCode.OK, fixture.TenantA.PutAsJsonAsync("/api/v1/appliances/fw-a", Firewall("fw-a", "s2:1")));
        Assert.Equal("a", (await fixture.Admin.GetFromJsonAsync<JsonElement>("/api/v1/appliances/fw-a")).GetProperty("tenant").GetString());

        // Another tenant's appliance, or a shared one, is an unknown appliance to a tenant key.
        foreach (string other in new[] { "fw2", "fw1", "nosuch" })
        {
            var refused = await ExpectAsync(HttpStatusCode.BadRequest, fixture.TenantA.PostAsJsonAsync("/api/v1/chains", Chain("c-a", "h4", other)));
            Assert.Equal($"no appliance is named '{other}'", refused.GetProperty("errors").GetProperty("appliances[0]")[0].GetString());
        }

        Assert.True((await ExpectAsync(HttpStatusCode.BadRequest, fixture.TenantA.PostAsJsonAsync("/api/v1/chains", Chain("c-a", "h3", "fw-a")))).GetProperty("errors").TryGetProperty("classifier.dst", out _));
        Assert.Equal("a", (await ExpectAsync(HttpStatusCode.Created, fixture.TenantA.PostAsJsonAsync("/api/v1/chains", Chain("c-a", "h4", "fw-a")))).GetProperty("tenant").GetString());

        // The admin's chain between two of a's members is a's; it may use a shared appliance, not b's.
        // (Its classifier adds TCP: exactly c-a's classifier again would be a 409.)
        Assert.Equal("a", (await ExpectAsync(HttpStatusCode.Created, fixture.Admin.PostAsJsonAsync("/api/v1/chains", new { name = "c-admin", classifier = new { src = "h1", dst = "h4", ipProto = 6 }, appliances = new[] { "fw1" } }))).GetProperty("tenant").GetString());
        Assert.True((await ExpectAsync(HttpStatusCode.BadRequest, fixture.Admin.PostAsJsonAsync("/api/v1/chains", Chain("c-bad", "h4", "fw2")))).GetProperty("errors").TryGetProperty("appliances[0]", out _));

        Assert.Equal(["c-a", "c-admin"], await NamesAsync(fixture.TenantA, "chains"));
        Assert.Empty(await NamesAsync(fixture.TenantB, "chains"));
        await ExpectHiddenAsync(fixture.TenantB.GetAsync("/api/v1/chains/c-a"));
        await ExpectHiddenAsync(fixture.TenantB.DeleteAsync("/api/v1/chains/c-a"));

        await ExpectAsync(HttpStatusCode.NoContent, fixture.TenantA.DeleteAsync("/api/v1/chains/c-a"));
        await ExpectAsync(HttpStatusCode.NoContent, fixture.TenantA.DeleteAsync("/api/v1/chains/c-admin"));
        await ExpectAsync(HttpStatusCode.NoContent, fixture.TenantA.DeleteAsync("/api/v1/appliances/fw-a"));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/api/v1/appliances/fw-a")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/api/v1/chains/c-a")).StatusCode);
    }

    private static object Firewall(string name, string attachment, string mac = "02:00:00:00:0a:01", string? tenant = null) => new
    {
        name,
        kind = "firewall",
        tenant,
        interfaces = new[] { new { name = "a", mac, attachment } },
        defaultAction = "allow",
    };

    private static object Chain(string name, string dst, string appliance) =>
        new { name, classifier = new { src = "h1", dst }, appliances = new[] { appliance } };

    private static async Task<string[]> NamesAsync(HttpClient http, string resource) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/api/v1/{resource}")).EnumerateArray().Select(a => a.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];

    private static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task ExpectFieldAsync(HttpClient http, object body, string field)
    {
        var problem = await ExpectAsync(HttpStatusCode.BadRequest, http.PostAsJsonAsync("/api/v1/appliances", body));
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task ExpectHiddenAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(
            response.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(response, CancellationToken.None),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
