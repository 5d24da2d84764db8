using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SdnCtl.IntegrationTests.Api;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>The OpenAPI document has a request example for every body, and the main ones work when posted as they are.</summary>
public sealed class OpenApiExampleTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    [Fact]
    public async Task EveryOperationWithABody_HasAnExample()
    {
        var document = JsonDocument.Parse(await fixture.Http.GetStringAsync("/openapi/v1.json")).RootElement;
        var missing = new List<string>();
        int withBody = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("requestBody", out var body))
                {
                    withBody++;
                    if (!body.GetProperty("content").TryGetProperty("application/json", out var json) || !json.TryGetProperty("example", out _) || !json.TryGetProperty("examples", out _))
                    {
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                    }
                }
            }
        }

        Assert.True(withBody >= 9, $"only {withBody} operations take a body");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task MainExamples_PostedAsTheyAre_Succeed()
    {
        var document = JsonDocument.Parse(await fixture.Http.GetStringAsync("/openapi/v1.json")).RootElement;
        string Example(string path, string name) =>
            document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content")
                .GetProperty("application/json").GetProperty("examples").GetProperty(name).GetProperty("value").GetRawText();

        using var http = new HttpClient { BaseAddress = fixture.Http.BaseAddress };
        async Task<JsonElement> PostAsync(string template, string name, string target)
        {
            using var response = await http.PostAsync(target, new StringContent(Example(template, name), Encoding.UTF8, "application/json"));
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"example '{name}' of POST {template}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement;
        }

        await PostAsync("/api/v1/tenants", "tenant", "/api/v1/tenants");
        await PostAsync("/api/v1/tenants/{id}/segments", "vlan", "/api/v1/tenants/corp/segments");
        await PostAsync("/api/v1/tenants/{id}/segments/{sid}/members", "port", "/api/v1/tenants/corp/segments/web/members");
        await PostAsync("/api/v1/switches/{dpid}/flows", "ipv4", "/api/v1/switches/s2/flows");
        await PostAsync("/api/v1/switches/{dpid}/flows", "vlan", "/api/v1/switches/s2/flows");
        await PostAsync("/api/v1/flows", "batch", "/api/v1/flows");
        // The first key closes the open API: the second is made with it.
        string admin = (await PostAsync("/api/v1/keys", "admin", "/api/v1/keys")).GetProperty("key").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var tenant = await PostAsync("/api/v1/keys", "tenant", "/api/v1/keys");

        Assert.Equal("tenant:corp", tenant.GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/tenants/corp")).StatusCode);
    }
}
