using System.CommandLine;
using Microsoft.Extensions.Logging;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Switches;
using SdnCtl.Topology;

namespace SdnCtl.Cli.Commands;

/// <summary><c>sdnctl controller [--topology FILE]</c>: the controller alone; real or simulated switches connect to it.</summary>
internal static class ControllerCommand
{
    public static Command Create()
    {
        var topology = new Option<FileInfo?>("--topology") { Description = "Topology YAML: the expected network, for names and the declared-vs-discovered report" };
        var openflow = CommonOptions.OpenFlow("0.0.0.0:6653");
        var api = CommonOptions.Api();
        var verbose = CommonOptions.Verbose();
        var apiKey = CommonOptions.ApiKey();
        var data = CommonOptions.Data();
        var switchLimit = CommonOptions.PacketInLimit("--packet-in-limit", "switch");
        var portLimit = CommonOptions.PacketInLimit("--port-packet-in-limit", "switch port");
        var tls = CommonOptions.OpenFlowTls("controller");
        var statsInterval = CommonOptions.StatsInterval();
        var command = new Command("controller", "Run the controller alone (OpenFlow server + REST API)") { topology, openflow, api, apiKey, data, switchLimit, portLimit, tls.Certificate, tls.Key, tls.Ca, statsInterval, verbose };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(topology), parse.GetValue(openflow)!, parse.GetValue(api)!, parse.GetValue(verbose), parse.GetValue(apiKey), parse.GetValue(data)!, (parse.GetValue(switchLimit)!, parse.GetValue(portLimit)!), parse.TlsFiles(tls), parse.GetValue(statsInterval), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? topologyFile, string openflow, string api, bool verbose, string? apiKey, DirectoryInfo data, (PacketInRateLimit Switch, PacketInRateLimit Port) limits, OpenFlowTlsFiles tls, TimeSpan statsInterval, CancellationToken ct)
    {
        TopologyDocument? declared = null;
        if (topologyFile is not null)
        {
            declared = await TopologyFiles.LoadOrReportAsync(topologyFile).ConfigureAwait(false);
            if (declared is null)
            {
                return 1;
            }
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
        await using var host = await ControllerHost.StartOrReportAsync(new ControllerHostOptions { OpenFlow = of, Api = apiUri, ApiKey = apiKey, DataDirectory = data.FullName, PacketInsPerSwitch = limits.Switch, PacketInsPerPort = limits.Port, Declared = declared, OpenFlowTls = tls.ForController(), StatsInterval = statsInterval }, loggers, null).ConfigureAwait(false);
        if (host is null)
        {
            return 2;
        }

        Console.WriteLine($"OpenFlow 1.3 listening on {host.Server.BoundEndPoint}; REST API on {host.ApiAddress} (reference: {host.ApiAddress}/scalar). Ctrl-C stops.");
        await Shutdown.WaitAsync(ct).ConfigureAwait(false);
        log.LogInformation("stopping");
        return 0;
    }
}
