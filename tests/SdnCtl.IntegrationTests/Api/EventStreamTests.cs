using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>The SSE event stream read by a real HTTP client while the simulated network changes.</summary>
public sealed class EventStreamTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Events_FilteredToLinkDown_StreamsTheCutLinkAndNothingElse()
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        using var response = await _http.GetAsync("/api/v1/events?type=link_down", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(cts.Token));

        // Cutting a link also brings port and reroute events; the filter must hold them back.
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/api/v1/sim/links/s2/s3/down", null, cts.Token)).StatusCode);
        var seen = new List<JsonElement>();
        while (seen.Count < 2)
        {
            var (name, data) = await EventStreams.ReadEventAsync(reader, cts.Token);
            Assert.Equal("link_down", name);
            seen.Add(data);
        }

        Assert.All(seen, e => Assert.Equal("link_down", e.GetProperty("type").GetString()));
        var ends = seen.Select(e => e.GetProperty("data").GetProperty("src").GetProperty("dpid").GetString()!).Order().ToArray();
        Assert.Equal(new[] { "0000000000000002", "0000000000000003" }, ends);

        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/api/v1/sim/links/s2/s3/up", null, cts.Token)).StatusCode);
        await fixture.Host.ControlPlane.ProbeLinksAsync(cts.Token);
        await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () => fixture.Host.ControlPlane.Topology.Links.Length == 4);
    }

    [Fact]
    public async Task Events_Unfiltered_StreamsLinkUpWithTopologyVersion()
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        using var response = await _http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(cts.Token));

        await _http.PostAsync("/api/v1/sim/links/s1/s2/down", null, cts.Token);
        await _http.PostAsync("/api/v1/sim/links/s1/s2/up", null, cts.Token);
        await fixture.Host.ControlPlane.ProbeLinksAsync(cts.Token);

        var names = new List<string>();
        JsonElement linkUp;
        while (true)
        {
            var (name, data) = await EventStreams.ReadEventAsync(reader, cts.Token);
            names.Add(name);
            if (name == "link_up")
            {
                linkUp = data;
                break;
            }
        }

        Assert.Contains("link_down", names);
        Assert.True(linkUp.GetProperty("version").GetInt64() > 0);
        Assert.True(linkUp.GetProperty("data").TryGetProperty("dst", out _));

        // The first link_up can be one direction's, seen before the other switch's PORT_STATUS (down,
        // then up) has been handled: that end's late port_down would drop the link again and stream a
        // link_down into the next test of this fixture. Both directions back means both ends' statuses
        // were handled (each direction is learned from a probe that arrived after them).
        await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () => fixture.Host.ControlPlane.Topology.Links.Length == 4);
    }

    [Fact]
    public async Task Events_UnknownType_Is400NamingType()
    {
        var response = await _http.GetAsync("/api/v1/events?type=link_down,meteor");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));
    }
}
