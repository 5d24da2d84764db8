using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace SdnCtl.IntegrationTests.Api;

/// <summary><c>GET /metrics</c> in Prometheus text format.</summary>
public sealed class MetricsTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Metrics_AfterTrafficAndAFlow_ReportNetworkCountersAndRestLatency()
    {
        await _http.GetAsync("/api/v1/topology");
        var posted = await _http.PostAsJsonAsync("/api/v1/switches/s1/flows", new { priority = 9, match = new { eth_dst = "0a:00:00:00:09:09" }, actions = new[] { "output:1" } });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var response = await _http.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(3, Value(text, "sdnctl_switches"));
        Assert.Equal(4, Value(text, "sdnctl_links"));
        Assert.True(Value(text, "sdnctl_packet_ins_total") > 0, "LLDP probes come back as packet-ins");
        Assert.True(Value(text, "sdnctl_flow_mods_sent_total{source=\"control_plane\"}") > 0);
        Assert.Equal(1, Value(text, "sdnctl_flow_mods_sent_total{source=\"api\"}"));
        Assert.Equal(1, Value(text, "sdnctl_api_flows_installed_total"));
        Assert.Contains("http_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"/api/v1/topology\"", text, StringComparison.Ordinal);
    }

    private static double Value(string text, string series)
    {
        string line = text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
