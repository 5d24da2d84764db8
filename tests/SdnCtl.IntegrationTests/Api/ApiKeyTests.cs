using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Cli.Hosting;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>A controller started with an admin key (no switches needed).</summary>
public sealed class KeyedControllerFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    internal ControllerHost Host { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ControllerHost.StartAsync(
            new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), ApiKey = AdminKey },
            NullLoggerFactory.Instance,
            null);
        Anonymous = new HttpClient { BaseAddress = new Uri(Host.ApiAddress) };
    }

    public HttpClient WithKey(string key) =>
        new() { BaseAddress = new Uri(Host.ApiAddress), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>API keys: 401 without a known key, admin-managed keys stored hashed, and no open API beyond loopback.</summary>
public sealed class ApiKeyTests(KeyedControllerFixture fixture) : IClassFixture<KeyedControllerFixture>
{
    [Theory]
    [InlineData("/api/v1/topology")]
    [InlineData("/api/v1/keys")]
    [InlineData("/metrics")]
    public async Task NoKey_Is401Problem(string path)
    {
        var response = await fixture.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task UnknownKey_Is401_ConfiguredKeyIsLetIn_HealthIsOpen()
    {
        using var wrong = fixture.WithKey("not-the-key");
        using var admin = fixture.WithKey(KeyedControllerFixture.AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/topology")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/topology")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task CreatedKey_Works_IsListedWithoutSecret_AndStopsWorkingWhenRevoked()
    {
        using var admin = fixture.WithKey(KeyedControllerFixture.AdminKey);

        var created = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "ci pipeline" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = body.GetProperty("id").GetString()!;
        string secret = body.GetProperty("key").GetString()!;

        using var user = fixture.WithKey(secret);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/switches")).StatusCode);

        string listed = await admin.GetStringAsync("/api/v1/keys");
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listed, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/switches")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task Keys_ConfiguredKeyCannotBeRevoked_BadScopeIs400()
    {
        using var admin = fixture.WithKey(KeyedControllerFixture.AdminKey);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/v1/keys/configured")).StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "x", scope = "root" });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("scope", out _));
    }

    [Fact]
    public async Task StartAsync_OpenApiOnAnyAddress_RefusesToStart()
    {
        var options = new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri($"http://0.0.0.0:{FreePorts.Next()}") };

        var refused = await Assert.ThrowsAsync<ApiExposureException>(() => ControllerHost.StartAsync(options, NullLoggerFactory.Instance, null));

        Assert.Contains("--api-key", refused.Message, StringComparison.Ordinal);
    }
}
