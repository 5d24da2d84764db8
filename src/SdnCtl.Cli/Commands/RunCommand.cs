using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Switches;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Transport;

namespace SdnCtl.Cli.Commands;

/// <summary>
/// <c>sdnctl run FILE</c>: the controller and the simulated network of FILE in one process. The
/// switches still reach the controller over real TCP on loopback, exactly as they would from
/// another process or machine.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Topology YAML file" };
        var openflow = CommonOptions.OpenFlow("127.0.0.1:6653");
        var api = CommonOptions.Api();
        var verbose = CommonOptions.Verbose();
        var capture = new Option<string[]>("--capture")
        {
            Description = "Capture switch port SWITCH:PORT (a host port or a link end) to SWITCH-PORT.pcap in the current directory, from the start; repeatable",
        };
        var apiKey = CommonOptions.ApiKey();
        var data = CommonOptions.Data();
        var switchLimit = CommonOptions.PacketInLimit("--packet-in-limit", "switch");
        var portLimit = CommonOptions.PacketInLimit("--port-packet-in-limit", "switch port");
        // One process: the simulated switches present the same certificate and trust the same CA.
        var tls = CommonOptions.OpenFlowTls("controller (and the simulated switches')");
        var statsInterval = CommonOptions.StatsInterval();
        var command = new Command("run", "Run the controller and the simulated network of FILE") { file, openflow, api, apiKey, data, switchLimit, portLimit, tls.Certificate, tls.Key, tls.Ca, statsInterval, verbose, capture };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(openflow)!, parse.GetValue(api)!, parse.GetValue(verbose), parse.GetValue(apiKey), parse.GetValue(data)!, (parse.GetValue(switchLimit)!, parse.GetValue(portLimit)!), parse.GetValue(capture) ?? [], parse.TlsFiles(tls), parse.GetValue(statsInterval), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string openflow, string api, bool verbose, string? apiKey, DirectoryInfo data, (PacketInRateLimit Switch, PacketInRateLimit Port) limits, string[] captures, OpenFlowTlsFiles tls, TimeSpan statsInterval, CancellationToken ct)
    {
        if (await TopologyFiles.LoadOrReportAsync(file).ConfigureAwait(false) is not { } document)
        {
            await Console.Error.WriteLineAsync($"{file.Name} is not a valid topology; nothing was started").ConfigureAwait(false);
            return 1;
        }

        if (!Hosting.Endpoints.TryParse(openflow, 6653, out var of))
        {
            await Console.Error.WriteLineAsync($"--openflow: '{openflow}' is not HOST:PORT").ConfigureAwait(false);
            return 2;
        }

        if (!Uri.TryCreate(api, UriKind.Absolute, out var apiUri))
        {
            await Console.Error.WriteLineAsync($"--api: '{api}' is not a URL").ConfigureAwait(false);
            return 2;
        }

        if (tls.Problem(certificateRequired: true) is { } tlsProblem)
        {
            await Console.Error.WriteLineAsync(tlsProblem).ConfigureAwait(false);
            return 2;
        }

        using var loggers = Logging.Create(verbose);
        var log = loggers.CreateLogger("sdnctl");
        var started = Stopwatch.StartNew();
        await using var network = new SimulatedNetwork(document, new SimulatedNetworkOptions { Agent = new SwitchAgentOptions { Tls = tls.ForSwitches() } }, loggerFactory: loggers);
        foreach (string port in captures)
        {
            if (!Topology.PortRef.TryParse(port, out var at) || network.StartCapture(at, $"{at.Switch}-{at.Port}.pcap") is not { } tap)
            {
                await Console.Error.WriteLineAsync($"--capture: '{port}' is not a cabled port of a switch in {file.Name} (write SWITCH:PORT, like s1:1)").ConfigureAwait(false);
                return 2;
            }

            log.LogInformation("capturing {Port} to {Path}", tap.Port, tap.Path);
        }

        await using var host = await ControllerHost.StartOrReportAsync(
            new ControllerHostOptions { OpenFlow = of, Api = apiUri, ApiKey = apiKey, DataDirectory = data.FullName, PacketInsPerSwitch = limits.Switch, PacketInsPerPort = limits.Port, Declared = document, OpenFlowTls = tls.ForController(), StatsInterval = statsInterval }, loggers, new SimulatorAdapter(network)).ConfigureAwait(false);
        if (host is null)
        {
            return 2;
        }

        int connected = await network.StartAsync(host.Server.BoundEndPoint, ct).ConfigureAwait(false);
        log.LogInformation("{Connected}/{Total} simulated switches connected in {Elapsed} ms", connected, document.Switches.Count, started.ElapsedMilliseconds);

        if (await DiscoveryProgress.WaitForDeclaredAsync(host.ControlPlane, document, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false))
        {
            log.LogInformation("topology discovered as declared ({Switches} switches, {Links} directed links) {Elapsed} ms after start", host.ControlPlane.Topology.Switches.Length, host.ControlPlane.Topology.Links.Length, started.ElapsedMilliseconds);
        }
        else
        {
            log.LogWarning("discovery does not match the file yet: {Diff}", host.ControlPlane.CompareWithDeclared());
        }

        // Hosts announce themselves (gratuitous ARP) once every switch has confirmed with a barrier
        // that the controller's table-miss rule is in: before that, a switch drops their frames.
        await host.ControlPlane.QuiesceAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(host.ControlPlane.Connections.Select(c => c.BarrierAsync(ct))).ConfigureAwait(false);
        network.AnnounceHosts();

        Console.WriteLine($"'{document.Name}': {document.Switches.Count} switches, {document.Links.Count} links, {document.Hosts.Count} hosts");
        Console.WriteLine($"OpenFlow 1.3 on {host.Server.BoundEndPoint}; REST API on {host.ApiAddress} (try {host.ApiAddress}/api/v1/topology, reference at {host.ApiAddress}/scalar). Ctrl-C stops.");
        await Shutdown.WaitAsync(ct).ConfigureAwait(false);
        log.LogInformation("stopping");
        return 0;
    }
}
