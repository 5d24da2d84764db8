using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SdnCtl.DataPlane.Network;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Network;

/// <summary>The controller in its own process (`sdnctl controller`), the simulated network in this one.</summary>
public sealed class SeparateProcessTests
{
    [Fact]
    public async Task ControllerProcess_SimulatorInTestProcess_DiscoversFatTreeAndHostsPing()
    {
        int openflowPort = FreePorts.Next();
        int apiPort = FreePorts.Next();
        string topology = RepoPaths.Topology("fat-tree-k4.yaml");
        string sdnctl = Path.Combine(AppContext.BaseDirectory, "sdnctl.dll");

        // Its own store, so no state left in the user's data folder by earlier runs reaches this one.
        var data = Directory.CreateTempSubdirectory("sdnctl-separate-process-");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { sdnctl, "controller", "--topology", topology, "--openflow", $"127.0.0.1:{openflowPort}", "--api", $"http://127.0.0.1:{apiPort}", "--data", data.FullName })
        {
            start.ArgumentList.Add(arg);
        }

        using var controller = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        controller.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("the controller exited: " + string.Join('\n', output)));
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains("REST API on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        controller.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        controller.BeginOutputReadLine();
        controller.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ControlPlaneWaits.Guard);

            var document = TopologyLoader.Load(topology);
            await using var network = new SimulatedNetwork(document);
            int connected = await network.StartAsync(new IPEndPoint(IPAddress.Loopback, openflowPort));
            Assert.Equal(20, connected);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
            JsonElement topologyJson = default;
            using (var guard = new CancellationTokenSource(ControlPlaneWaits.Guard))
            {
                // Polls the other process's REST API for the condition; the delay paces the polling,
                // the guard only fails a hung run.
                while (true)
                {
                    topologyJson = await http.GetFromJsonAsync<JsonElement>("/api/v1/topology", guard.Token);
                    if (topologyJson.GetProperty("declared").GetProperty("matches").GetBoolean())
                    {
                        break;
                    }

                    await Task.Delay(100, guard.Token);
                }
            }

            Assert.Equal(20, topologyJson.GetProperty("switches").GetArrayLength());
            Assert.Equal(64, topologyJson.GetProperty("links").GetArrayLength());

            network.AnnounceHosts();

            // The echoes must be answered; 30 s only fails a lost one: the first crosses two processes
            // (packet-in, path, flow-mods) and 5 s was too short on two cores shared with other suites.
            var ping = await network.PingAsync("h1", "h16", TimeSpan.FromSeconds(30));
            Assert.Equal(PingStatus.Replied, ping.Status);
            var ping2 = await network.PingAsync("h5", "h12", TimeSpan.FromSeconds(30));
            Assert.Equal(PingStatus.Replied, ping2.Status);

            var hosts = await http.GetFromJsonAsync<JsonElement>("/api/v1/hosts");
            var names = hosts.EnumerateArray().Select(h => h.GetProperty("name").GetString()).ToHashSet();
            Assert.Contains("h1", names);
            Assert.Contains("h16", names);
        }
        finally
        {
            if (!controller.HasExited)
            {
                controller.Kill(entireProcessTree: true);
            }

            await controller.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }
}
