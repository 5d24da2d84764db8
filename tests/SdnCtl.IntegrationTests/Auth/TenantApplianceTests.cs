using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>Appliances and chains under tenant keys: a tenant sees and changes its own appliances only; others' and shared ones look like nothing.</summary>
public sealed class TenantApplianceTests(TenantKeysFixture fixture) : IClassFixture<TenantKeysFixture>
{
    [Fact]
    public async Task TenantKey_SeesAndChangesItsOwnAppliancesOnly_OthersAreBare404()
    {
        try
        {
            // Cabled to tenant b's port, or owned by b: refused naming the field.
            await ExpectFieldAsync(fixture.TenantA, Firewall("fw-a", 1, attachment: "s3:1"), "interfaces[0].attachment");
            await ExpectFieldAsync(fixture.TenantA, Firewall("fw-a", 1, tenant: "b"), "tenant");
            await ExpectFieldAsync(fixture.Admin, Firewall("fw-x", 9, tenant: "nosuch"), "tenant");

            var created = await fixture.TenantA.PostAsJsonAsync("/api/v1/appliances", Firewall("fw-a", 1));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("a", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenant").GetString());
            Assert.Equal(HttpStatusCode.Created, (await fixture.Admin.PostAsJsonAsync("/api/v1/appliances", Firewall("fw-b", 2, tenant: "b"))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await fixture.Admin.PostAsJsonAsync("/api/v1/appliances", Firewall("fw-shared", 3))).StatusCode);

            Assert.Equal(["fw-a"], await NamesAsync(fixture.TenantA));
            Assert.Equal(["fw-b"], await NamesAsync(fixture.TenantB));
            Assert.Superset(new HashSet<string> { "fw-a", "fw-b", "fw-shared" }, (await NamesAsync(fixture.Admin)).ToHashSet());
            Assert.Equal("b", (await fixture.Admin.GetFromJsonAsync<JsonElement>("/api/v1/appliances/fw-b")).GetProperty("tenant").GetString());

            await ExpectHiddenAsync(fixture.TenantB.GetAsync("/api/v1/appliances/fw-a"));
            await ExpectHiddenAsync(fixture.TenantB.GetAsync("/api/v1/appliances/fw-a/rules"));
            await ExpectHiddenAsync(fixture.TenantB.PutAsJsonAsync("/api/v1/appliances/fw-a/rules", Array.Empty<object>()));
            await ExpectHiddenAsync(fixture.TenantB.PutAsJsonAsync("/api/v1/appliances/fw-a", Firewall("fw-a", 1)));
            await ExpectHiddenAsync(fixture.TenantB.DeleteAsync("/api/v1/appliances/fw-a"));
            await ExpectHiddenAsync(fixture.TenantA.GetAsync("/api/v1/appliances/fw-shared"));
            await ExpectHiddenAsync(fixture.TenantA.DeleteAsync("/api/v1/appliances/fw-shared"));

            // Its own: rules and a whole replace (which keeps the owner).
            var rules = await fixture.TenantA.PutAsJsonAsync("/api/v1/appliances/fw-a/rules", new[] { new { name = "no-ssh", action = "deny", protocol = "tcp", destinationPorts = "22" } });
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await fixture.TenantA.PutAsJsonAsync("/api/v1/appliances/fw-a", Firewall("fw-a", 1))).StatusCode);
            Assert.Equal("a", (await fixture.Admin.GetFromJsonAsync<JsonElement>("/api/v1/appliances/fw-a")).GetProperty("tenant").GetString());

            // A chain of tenant a may not name b's appliance, nor a shared one: the answer is the unknown appliance's.
            foreach (string other in new[] { "fw-b", "fw-shared", "nosuch" })
            {
                var chain = await fixture.TenantA.PostAsJsonAsync("/api/v1/chains", new { name = "c-a", classifier = new { src = "h1", dst = "h2" }, appliances = new[] { other } });
                Assert.Equal(HttpStatusCode.BadRequest, chain.StatusCode);
                var problem = await chain.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal($"no appliance is named '{other}'", problem.GetProperty("errors").GetProperty("appliances[0]")[0].GetString());
            }

            Assert.Equal(HttpStatusCode.NoContent, (await fixture.TenantA.DeleteAsync("/api/v1/appliances/fw-a")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/api/v1/appliances/fw-a")).StatusCode);
        }
        finally
        {
            foreach (string name in new[] { "fw-a", "fw-b", "fw-shared" })
            {
                await fixture.Admin.DeleteAsync($"/api/v1/appliances/{name}");
            }
        }
    }

    private static object Firewall(string name, int n, string? attachment = null, string? tenant = null) => new
    {
        name,
        kind = "firewall",
        tenant,
        interfaces = new[] { new { name = "a", mac = $"02:00:00:00:0a:{n:x2}", attachment } },
    };

    private static async Task<string[]> NamesAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>("/api/v1/appliances")).EnumerateArray().Select(a => a.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];

    private static async Task ExpectFieldAsync(HttpClient http, object body, string field)
    {
        var response = await http.PostAsJsonAsync("/api/v1/appliances", body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    private static async Task ExpectHiddenAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(
            response.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(response, CancellationToken.None),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
