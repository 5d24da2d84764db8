using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>The event stream for tenant keys: only the tenant's events, heartbeats while quiet, no peeking at another tenant.</summary>
public sealed class TenantEventStreamTests(TenantKeysFixture fixture) : IClassFixture<TenantKeysFixture>
{
    [Fact]
    public async Task TenantStream_QuietStream_GetsHeartbeatComments()
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        using var response = await fixture.TenantA.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        Assert.Equal(": subscribed", await reader.ReadLineAsync(cts.Token));
        Assert.Equal(string.Empty, await reader.ReadLineAsync(cts.Token));
        // The fixture beats every 200 ms; nothing of tenant a happens, so the next line is a beat.
        Assert.Equal(": heartbeat", await reader.ReadLineAsync(cts.Token));
    }

    [Fact]
    public async Task TenantStream_OtherTenantOrUnknownTenant_AreRefused()
    {
        var other = await fixture.TenantA.GetAsync("/api/v1/events?tenant=b", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(other.StatusCode == HttpStatusCode.NotFound && await AuthMatrixTests.IsBareNotFoundAsync(other, CancellationToken.None));

        var unknown = await fixture.Admin.GetAsync("/api/v1/events?tenant=nosuch", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("tenant", out _));
    }

    [Fact]
    public async Task TenantStream_LinkCut_SeesOnlyItsMemberPortNeverTheOtherEndOrTheLink()
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        // s1:2 (s1's end of the s1–s2 link) joins tenant a for this test; s2:2, the other end, is no one's.
        Assert.Equal(HttpStatusCode.Created, (await fixture.Admin.PostAsJsonAsync("/api/v1/tenants/a/segments/web/members", new { port = "s1:2" }, cts.Token)).StatusCode);
        try
        {
            using var all = await fixture.Admin.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var allReader = new StreamReader(await all.Content.ReadAsStreamAsync(cts.Token));
            using var mine = await fixture.TenantA.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var mineReader = new StreamReader(await mine.Content.ReadAsStreamAsync(cts.Token));
            Assert.Equal(": subscribed", await allReader.ReadLineAsync(cts.Token));
            Assert.Equal(": subscribed", await mineReader.ReadLineAsync(cts.Token));

            Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.PostAsync("/api/v1/sim/links/s1/s2/down", null, cts.Token)).StatusCode);
            // Everything the cut causes has reached the control loop once both ends reported and the link is gone.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!(seen.Contains("port_down 0000000000000001:2") && seen.Contains("port_down 0000000000000002:2") && seen.Contains("link_down")))
            {
                seen.Add(Describe((await EventStreams.ReadEventAsync(allReader, cts.Token)).Data));
            }

            Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.PostAsync("/api/v1/sim/links/s1/s2/up", null, cts.Token)).StatusCode);

            // Events reach every subscriber in the loop's order: all the cut's events come before s1:2's port_up.
            var tenantSaw = new List<string>();
            while (tenantSaw.LastOrDefault() != "port_up 0000000000000001:2")
            {
                tenantSaw.Add(Describe((await EventStreams.ReadEventAsync(mineReader, cts.Token)).Data));
            }

            Assert.Equal(["port_down 0000000000000001:2", "port_up 0000000000000001:2"], tenantSaw);
        }
        finally
        {
            await fixture.Admin.DeleteAsync("/api/v1/tenants/a/segments/web/members?port=s1:2", cts.Token);
            await fixture.Host.ControlPlane.ProbeLinksAsync(cts.Token);
            await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () => fixture.Host.ControlPlane.Topology.Links.Length == 4);
        }
    }

    private static string Describe(JsonElement e)
    {
        string type = e.GetProperty("type").GetString()!;
        return type.StartsWith("port_", StringComparison.Ordinal)
            ? $"{type} {e.GetProperty("data").GetProperty("port").GetProperty("dpid").GetString()}:{e.GetProperty("data").GetProperty("port").GetProperty("port")}"
            : type;
    }
}
