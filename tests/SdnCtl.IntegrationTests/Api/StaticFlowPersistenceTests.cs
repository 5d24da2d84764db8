using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Api.Flows;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Store;
using SdnCtl.DataPlane.Network;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>Static flows and API keys kept in the SQLite store across a restart, and switch tables reconciled with them.</summary>
public sealed class StaticFlowPersistenceTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sdnctl-data-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Restart_SameDataDirectory_ComesBackWithTheFlowsOnFreshSwitchesAndTheKeys()
    {
        List<string> before;
        string key;
        await using (var first = await Controller.StartAsync(_data, expectReconciled: 3))
        {
            await first.ReconciledAsync();
            using var http = first.Client();
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/switches/s1/flows", new { priority = 600, cookie = "0x201", match = new { eth_type = 2048, ipv4_dst = "10.7.0.0/16" }, actions = new[] { "output:2" } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/v1/flows", new { flows = new object[]
            {
                new { dpid = "s2", priority = 601, cookie = "0x202", match = new { eth_dst = "0a:00:00:00:05:01" }, actions = new[] { "push_vlan:0x8100", "set_field:7->vlan_vid", "output:1" } },
                new { dpid = "s3", priority = 602, cookie = "0x203", match = new { in_port = 1 }, instructions = new object[] { new { type = "goto_table", table = 1 } } },
                new { dpid = "s3", priority = 603, cookie = "0x204", match = new { in_port = 2 }, actions = new[] { "output:1" } },
            } })).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/v1/switches/s3/flows?in_port=2")).StatusCode);
            var created = await (await http.PostAsJsonAsync("/api/v1/keys", new { name = "restart" })).Content.ReadFromJsonAsync<JsonElement>();
            key = created.GetProperty("key").GetString()!;
            before = await StaticFlowsAsync(first.Client(key));
        }

        Assert.Equal(3, before.Count);
        await using var second = await Controller.StartAsync(_data, expectReconciled: 3);
        await second.ReconciledAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client().GetAsync("/api/v1/switches")).StatusCode);
        Assert.Equal(before, await StaticFlowsAsync(second.Client(key)));
    }

    [Fact]
    public async Task Reconcile_StrayAndMissing_DeletesAddsAndLeavesTheCorrectFlowsCounters()
    {
        await using var controller = await Controller.StartAsync(_data, expectReconciled: 3);
        await controller.ReconciledAsync();
        using var http = controller.Client();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/v1/flows", new { flows = new object[]
        {
            new { dpid = "s1", priority = 610, cookie = "0x301", match = new { eth_dst = "0a:00:00:00:06:01" }, actions = new[] { "output:1" } },
            new { dpid = "s1", priority = 611, cookie = "0x302", match = new { eth_dst = "0a:00:00:00:06:02" }, actions = new[] { "output:1" } },
        } })).StatusCode);

        // Behind the controller's back: one desired flow lost, one stray in the static cookie space.
        var s1 = controller.Host.ControlPlane.GetSwitch(1)!;
        s1.Send(new FlowMod { Command = FlowModCommand.DeleteStrict, Priority = 611, Match = [OxmEntry.EthDst(0x0a0000000602)] });
        s1.Send(new FlowMod { Command = FlowModCommand.Add, Priority = 612, Cookie = 0x5dc4_0000_0000_0399, Match = [OxmEntry.EthDst(0x0a0000000603)] });
        await s1.BarrierAsync();
        double keptAge = (await FlowAsync(http, "0x5dc4000000000301")).GetProperty("durationSeconds").GetDouble();

        var (deleted, added) = await controller.Host.GetRequiredService<StaticFlows>().ReconcileAsync(s1, CancellationToken.None);

        Assert.Equal((1, 1), (deleted, added));
        var flows = (await http.GetFromJsonAsync<JsonElement>("/api/v1/switches/s1/flows")).EnumerateArray().Select(f => f.GetProperty("cookie").GetString()).ToList();
        Assert.Contains("0x5dc4000000000302", flows);
        Assert.DoesNotContain("0x5dc4000000000399", flows);
        Assert.True((await FlowAsync(http, "0x5dc4000000000301")).GetProperty("durationSeconds").GetDouble() >= keptAge, "the correct flow was not re-added");
    }

    [Fact]
    public async Task PostBatch_RefusedBySwitch_LeavesTheStoreAsItWasAndAConfirmedOneIsStored()
    {
        await using var controller = await Controller.StartAsync(_data, expectReconciled: 3);
        await controller.ReconciledAsync();
        using var http = controller.Client();
        var store = controller.Host.GetRequiredService<IControllerStore>();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/v1/flows", new { flows = new object[]
        {
            new { dpid = "s1", priority = 620, cookie = "0x401", match = new { eth_dst = "0a:00:00:00:07:01" }, actions = new[] { "output:1" } },
        } })).StatusCode);
        var before = store.ListFlows().Select(f => (f.DatapathId, Convert.ToHexString(f.Key), Convert.ToHexString(f.FlowMod))).ToList();
        Assert.Single(before);

        // The same flow with other actions (a replacement), a new one, and one the switch refuses (no table 200).
        var response = await http.PostAsJsonAsync("/api/v1/flows", new { flows = new object[]
        {
            new { dpid = "s1", priority = 620, cookie = "0x401", match = new { eth_dst = "0a:00:00:00:07:01" }, actions = new[] { "output:2" } },
            new { dpid = "s2", priority = 621, cookie = "0x402", match = new { eth_dst = "0a:00:00:00:07:02" }, actions = new[] { "output:1" } },
            new { dpid = "s3", priority = 622, cookie = "0x403", table = 200, match = new { eth_dst = "0a:00:00:00:07:03" }, actions = new[] { "output:1" } },
        } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, store.ListFlows().Select(f => (f.DatapathId, Convert.ToHexString(f.Key), Convert.ToHexString(f.FlowMod))).ToList());

        // The store is not left held by the failed batch: the next one is recorded.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/v1/flows", new { flows = new object[]
        {
            new { dpid = "s2", priority = 621, cookie = "0x402", match = new { eth_dst = "0a:00:00:00:07:02" }, actions = new[] { "output:1" } },
        } })).StatusCode);
        Assert.Equal([1UL, 2UL], store.ListFlows().Select(f => f.DatapathId).Order());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<JsonElement> FlowAsync(HttpClient http, string cookie) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/v1/switches/s1/flows")).EnumerateArray().Single(f => f.GetProperty("cookie").GetString() == cookie);

    // Every static flow of every switch, without the counters and ages that a restart resets.
    private static async Task<List<string>> StaticFlowsAsync(HttpClient http)
    {
        var all = new List<string>();
        foreach (string sw in new[] { "s1", "s2", "s3" })
        {
            foreach (var f in (await http.GetFromJsonAsync<JsonElement>($"/api/v1/switches/{sw}/flows")).EnumerateArray())
            {
                if (f.GetProperty("cookie").GetString()!.StartsWith("0x5dc4", StringComparison.Ordinal))
                {
                    all.Add($"{sw} t{f.GetProperty("table")} p{f.GetProperty("priority")} {f.GetProperty("cookie")} {f.GetProperty("match")} {f.GetProperty("instructions")}");
                }
            }
        }

        return all;
    }

    private sealed class Controller : IAsyncDisposable
    {
        private readonly TaskCompletionSource _reconciled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<ulong, bool> _done = new();
        private SimulatedNetwork _network = null!;

        public ControllerHost Host { get; private set; } = null!;

        public static async Task<Controller> StartAsync(string data, int expectReconciled)
        {
            var document = TopologyLoader.Load(RepoPaths.Topology("linear-3.yaml"));
            var controller = new Controller { _network = new SimulatedNetwork(document) };
            controller.Host = await ControllerHost.StartAsync(
                new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), Declared = document, DataDirectory = data },
                NullLoggerFactory.Instance,
                new SimulatorAdapter(controller._network));
            controller.Host.GetRequiredService<StaticFlows>().Reconciled += (dpid, _, _) =>
            {
                if (controller._done.TryAdd(dpid, true) && controller._done.Count == expectReconciled)
                {
                    controller._reconciled.TrySetResult();
                }
            };
            await controller._network.StartAsync(controller.Host.Server.BoundEndPoint);
            return controller;
        }

        public Task ReconciledAsync() => _reconciled.Task.WaitAsync(ControlPlaneWaits.Guard);

        public HttpClient Client(string? key = null) => new()
        {
            BaseAddress = new Uri(Host.ApiAddress),
            DefaultRequestHeaders = { Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key) },
        };

        public async ValueTask DisposeAsync()
        {
            await _network.DisposeAsync();
            await Host.DisposeAsync();
        }
    }
}
