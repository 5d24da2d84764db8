using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>Intents under tenant keys: a tenant creates intents between its own members only, and sees and deletes only its own.</summary>
public sealed class TenantIntentTests(TenantKeysFixture fixture) : IClassFixture<TenantKeysFixture>
{
    [Fact]
    public async Task TenantKey_IntentsBetweenItsOwnMembersOnly_InvisibleToTheOtherTenant()
    {
        // Tenant a gets a second access port (s2:1) in a segment of its own making.
        Assert.Equal(HttpStatusCode.Created, (await fixture.TenantA.PostAsJsonAsync("/api/v1/tenants/a/segments", new { name = "p2p", vlan = 13, members = new[] { new { port = "s2:1" } } })).StatusCode);
        try
        {
            // Into tenant b's port: refused naming the endpoint, as if it did not exist.
            var outside = await fixture.TenantA.PostAsJsonAsync("/api/v1/intents", new { type = "point-to-point", src = "s1:1", dst = "s3:1" });
            Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
            Assert.True((await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("dst", out _));

            // Naming another tenant: refused.
            var other = await fixture.TenantA.PostAsJsonAsync("/api/v1/intents", new { type = "point-to-point", src = "s1:1", dst = "s2:1", tenant = "b" });
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
            Assert.True((await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("tenant", out _));

            var created = await fixture.TenantA.PostAsJsonAsync("/api/v1/intents", new { type = "point-to-point", src = "s1:1", dst = "s2:1" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var intent = await created.Content.ReadFromJsonAsync<JsonElement>();
            long id = intent.GetProperty("id").GetInt64();
            Assert.Equal("a", intent.GetProperty("tenant").GetString());

            static async Task<long[]> IdsAsync(HttpClient http) =>
                [.. (await http.GetFromJsonAsync<JsonElement>("/api/v1/intents")).EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];

            Assert.Contains(id, await IdsAsync(fixture.TenantA));
            Assert.Contains(id, await IdsAsync(fixture.Admin));
            Assert.DoesNotContain(id, await IdsAsync(fixture.TenantB));

            var seenByB = await fixture.TenantB.GetAsync($"/api/v1/intents/{id}");
            Assert.True(seenByB.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(seenByB, CancellationToken.None));
            var deletedByB = await fixture.TenantB.DeleteAsync($"/api/v1/intents/{id}");
            Assert.True(deletedByB.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(deletedByB, CancellationToken.None));
            Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.GetAsync($"/api/v1/intents/{id}")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await fixture.TenantA.DeleteAsync($"/api/v1/intents/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync($"/api/v1/intents/{id}")).StatusCode);
        }
        finally
        {
            await fixture.TenantA.DeleteAsync("/api/v1/tenants/a/segments/p2p");
        }
    }
}
