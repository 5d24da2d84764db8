using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SdnCtl.Api.Flows;
using SdnCtl.Cli.Hosting;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Transport;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>
/// FLOW_REMOVED over real TCP from the simulator to the event stream: a static flow with a hard
/// timeout expires on the simulated switch (its clock is a fake one the test moves on), the
/// controller streams a <c>flow_removed</c> event and drops the flow from the stored flows.
/// </summary>
public sealed class FlowRemovedEventTests : IAsyncLifetime
{
    private const string Topology = """
        name: expiry
        switches:
          - { name: s1, dpid: 1, ports: 2 }
        hosts:
          - { name: h1, mac: "00:00:00:00:00:01", ip: 10.0.0.1/24, at: s1:1 }
          - { name: h2, mac: "00:00:00:00:00:02", ip: 10.0.0.2/24, at: s1:2 }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("sdnctl-flowrem-").FullName;
    private readonly FakeTimeProvider _clock = new();
    private SimulatedNetwork _network = null!;
    private ControllerHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        string file = Path.Combine(_dir, "expiry.yaml");
        await File.WriteAllTextAsync(file, Topology);
        var document = TopologyLoader.Load(file);

        // The agents check flow timeouts often (real time); whether a flow is due is the fake clock's call.
        _network = new SimulatedNetwork(document, new SimulatedNetworkOptions { Clock = _clock, Agent = new SwitchAgentOptions { TickInterval = TimeSpan.FromMilliseconds(20) } });
        _host = await ControllerHost.StartAsync(
            new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), Declared = document },
            NullLoggerFactory.Instance,
            new SimulatorAdapter(_network));
        await _network.StartAsync(_host.Server.BoundEndPoint);
        await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.Connections.Count == 1);
        _http = new HttpClient { BaseAddress = new Uri(_host.ApiAddress) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task StaticFlowWithHardTimeout_Expires_StreamedAsFlowRemovedAndDroppedFromTheStore()
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        var flows = _host.GetRequiredService<StaticFlows>();
        var forgotten = new TaskCompletionSource<(ulong Dpid, int Count)>(TaskCreationOptions.RunContinuationsAsynchronously);
        flows.Expired += (dpid, count) => forgotten.TrySetResult((dpid, count));

        using var response = await _http.GetAsync("/api/v1/events?type=flow_removed", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(cts.Token));

        using (var posted = await _http.PostAsJsonAsync("/api/v1/switches/s1/flows", new
        {
            priority = 300,
            cookie = "0x42",
            hardTimeout = 1,
            match = new Dictionary<string, object> { ["in_port"] = 1, ["eth_type"] = 2048 },
            actions = new[] { "output:2" },
        }, cts.Token))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var installed = await _http.GetFromJsonAsync<JsonElement>("/api/v1/switches/s1/flows", cts.Token);
        var flow = Assert.Single(installed.EnumerateArray(), f => f.GetProperty("priority").GetInt32() == 300);
        Assert.Contains("SendFlowRem", flow.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Single(flows.Desired(1));

        _clock.Advance(TimeSpan.FromSeconds(2));

        JsonElement removed;
        do
        {
            removed = (await EventStreams.ReadEventAsync(reader, cts.Token)).Data;
        }
        while (removed.GetProperty("data").GetProperty("priority").GetInt32() != 300);

        Assert.Equal("flow_removed", removed.GetProperty("type").GetString());
        var data = removed.GetProperty("data");
        Assert.Equal("0000000000000001", data.GetProperty("dpid").GetString());
        Assert.Equal("0x5dc4000000000042", data.GetProperty("cookie").GetString());
        Assert.Equal(0, data.GetProperty("table").GetInt32());
        Assert.Equal("hard_timeout", data.GetProperty("reason").GetString());
        Assert.Equal(1, data.GetProperty("match").GetProperty("in_port").GetInt32());
        Assert.Equal(1, data.GetProperty("hardTimeout").GetInt32());
        Assert.True(data.GetProperty("duration").GetDouble() >= 1, data.ToString());
        Assert.Equal(0, data.GetProperty("packets").GetInt64());
        Assert.Equal(0, data.GetProperty("bytes").GetInt64());

        Assert.Equal((1UL, 1), await forgotten.Task.WaitAsync(cts.Token));
        Assert.Empty(flows.Desired(1));
        var after = await _http.GetFromJsonAsync<JsonElement>("/api/v1/switches/s1/flows", cts.Token);
        Assert.DoesNotContain(after.EnumerateArray(), f => f.GetProperty("priority").GetInt32() == 300);
    }
}
