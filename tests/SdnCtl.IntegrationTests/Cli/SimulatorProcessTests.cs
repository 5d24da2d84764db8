using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.IntegrationTests.Cli;

/// <summary>
/// <c>sdnctl controller</c> and <c>sdnctl sim --api</c> as two processes, as a user splits them (or as
/// the reroute benchmark does, so the controller's heap holds only the controller): the simulated
/// network is driven over the simulator's own REST API while the controller's API watches.
/// </summary>
public sealed class SimulatorProcessTests
{
    [Fact]
    public async Task SimProcessApi_PingCutRestore_ControllerInItsOwnProcessFollows()
    {
        string topology = RepoPaths.Topology("linear-3.yaml");
        int openflowPort = FreePorts.Next();
        var controllerApi = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var simApi = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var data = Directory.CreateTempSubdirectory("sdnctl-sim-process-");
        try
        {
            await using var controller = await RunningSdnctl.StartAsync(controllerApi, "REST API on",
                "controller", "--topology", topology, "--openflow", $"127.0.0.1:{openflowPort}", "--api", controllerApi.ToString(), "--data", data.FullName);
            await using var sim = await RunningSdnctl.StartAsync(simApi, "simulator API at",
                "sim", topology, "--controller", $"127.0.0.1:{openflowPort}", "--api", simApi.ToString());
            using var controllerHttp = controller.Client();
            using var simHttp = sim.Client();

            var health = await simHttp.GetFromJsonAsync<JsonElement>("/health");
            Assert.Equal(3, health.GetProperty("switches").GetInt32());
            Assert.Equal(3, health.GetProperty("hosts").GetInt32());

            await WaitForLinksAsync(controllerHttp, 4);

            // The first echo goes through the controller (packet-in, packet-out); the second follows the
            // rules that the controller installed meanwhile, switch by switch.
            var first = await PingAsync(simHttp, "h1", "h3");
            Assert.True(first.GetProperty("replied").GetBoolean(), first.ToString());
            var second = await PingAsync(simHttp, "h1", "h3");
            Assert.Equal(["s1:1->2", "s2:2->3", "s3:2->1"], second.GetProperty("path").EnumerateArray().Select(p => p.GetString()!));

            using (var cut = await simHttp.PostAsync(new Uri("/api/v1/sim/links/s1/s2/down", UriKind.Relative), null))
            {
                Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
            }

            // The controller, in the other process, hears the ports go down and drops both directions.
            await WaitForLinksAsync(controllerHttp, 2);
            Assert.False((await PingAsync(simHttp, "h1", "h3")).GetProperty("replied").GetBoolean());

            using (var restore = await simHttp.PostAsync(new Uri("/api/v1/sim/links/s1/s2/up", UriKind.Relative), null))
            {
                Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
            }

            await WaitForLinksAsync(controllerHttp, 4);
            Assert.True((await PingAsync(simHttp, "h1", "h3")).GetProperty("replied").GetBoolean());

            // Bad input gets the same problem+json as on the controller's API.
            using var bad = await simHttp.PostAsJsonAsync("/api/v1/sim/ping", new { src = "h1" });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("dst", out _));
            using var unknown = await simHttp.PostAsync(new Uri("/api/v1/sim/links/s1/s9/down", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

            // Only the simulator lives there: the controller's resources are not served by it.
            using var topologyOnSim = await simHttp.GetAsync(new Uri("/api/v1/topology", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, topologyOnSim.StatusCode);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SimApi_OnANonLoopbackAddress_IsRefused()
    {
        var (exit, _, stderr) = await SdnctlProcess.RunAsync("sim", RepoPaths.Topology("linear-3.yaml"), "--controller", "127.0.0.1:1", "--api", "http://0.0.0.0:8081");
        Assert.Equal(2, exit);
        Assert.Contains("not a loopback URL", stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PingAsync(HttpClient sim, string src, string dst)
    {
        using var response = await sim.PostAsJsonAsync("/api/v1/sim/ping", new { src, dst, timeoutMs = 30_000 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task WaitForLinksAsync(HttpClient controller, int directedLinks)
    {
        using var guard = new CancellationTokenSource(ControlPlaneWaits.Guard);

        // Polls the other process's REST API; the delay only paces the polling, the guard fails a hung run.
        while (true)
        {
            var links = await controller.GetFromJsonAsync<JsonElement>("/api/v1/links", guard.Token);
            if (links.GetArrayLength() == directedLinks)
            {
                return;
            }

            await Task.Delay(50, guard.Token);
        }
    }
}
