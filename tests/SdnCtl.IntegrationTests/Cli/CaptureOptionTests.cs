using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Http.Json;
using PacketDotNet;

namespace SdnCtl.IntegrationTests.Cli;

/// <summary><c>sdnctl run FILE --capture SWITCH:PORT</c> writes the port's traffic to a pcap that an independent decoder reads.</summary>
public sealed class CaptureOptionTests
{
    [Fact]
    public async Task Run_WithCapture_PcapOfTheHostPortHoldsThePingStoppedCleanlyBySigterm()
    {
        int openflowPort = FreePorts.Next();
        int apiPort = FreePorts.Next();
        var work = Directory.CreateTempSubdirectory("sdnctl-capture-");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work.FullName,
        };
        foreach (string arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "sdnctl.dll"), "run", RepoPaths.Topology("linear-3.yaml"), "--capture", "s1:1",
            "--openflow", $"127.0.0.1:{openflowPort}", "--api", $"http://127.0.0.1:{apiPort}", "--data", Path.Combine(work.FullName, "data"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("sdnctl exited: " + string.Join('\n', output)));
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains("REST API on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ControlPlaneWaits.Guard);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
            var ping = await http.PostAsJsonAsync("/api/v1/sim/ping", new { src = "h1", dst = "h3", timeoutMs = 30_000 });
            ping.EnsureSuccessStatusCode();
            Assert.True((await ping.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("replied").GetBoolean());

            // SIGTERM is the clean stop (as Ctrl-C): the capture is closed and the process exits 0.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var guard = new CancellationTokenSource(ControlPlaneWaits.Guard);
            await process.WaitForExitAsync(guard.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        byte[] pcap = await File.ReadAllBytesAsync(Path.Combine(work.FullName, "s1-1.pcap"));
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(pcap));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(20)));
        var frames = new List<Packet>();
        for (int at = 24; at + 16 <= pcap.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 8));
            frames.Add(Packet.ParsePacket(LinkLayers.Ethernet, pcap.AsSpan(at + 16, length).ToArray()));
            at += 16 + length;
        }

        // h1 sits on s1:1: its echo request out and h3's echo reply back are both on that port.
        Assert.Contains(frames, f => f.Extract<IcmpV4Packet>() is { TypeCode: IcmpV4TypeCode.EchoRequest } && f.Extract<IPv4Packet>().SourceAddress.ToString() == "10.0.0.1");
        Assert.Contains(frames, f => f.Extract<IcmpV4Packet>() is { TypeCode: IcmpV4TypeCode.EchoReply } && f.Extract<IPv4Packet>().SourceAddress.ToString() == "10.0.0.3");
        work.Delete(recursive: true);
    }
}
