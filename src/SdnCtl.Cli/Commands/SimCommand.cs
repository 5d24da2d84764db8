using System.CommandLine;
using Microsoft.Extensions.Logging;
using SdnCtl.Cli.Hosting;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Transport;

namespace SdnCtl.Cli.Commands;

/// <summary><c>sdnctl sim FILE --controller HOST:PORT</c>: only the simulated network, in its own process.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Topology YAML file" };
        var controller = new Option<string>("--controller") { Description = "Controller HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:6653" };
        var api = new Option<string?>("--api")
        {
            Description = "Serve the simulator controls (/api/v1/sim/ping, /sim/connect, /sim/links/{a}/{b}/down|up, /health) at this loopback URL, e.g. http://127.0.0.1:8081",
        };
        var verbose = CommonOptions.Verbose();
        var tls = CommonOptions.OpenFlowTls("switches'");
        var command = new Command("sim", "Run only the simulated network of FILE against a controller") { file, controller, api, tls.Certificate, tls.Key, tls.Ca, verbose };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(controller)!, parse.GetValue(api), parse.GetValue(verbose), parse.TlsFiles(tls), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string controller, string? api, bool verbose, OpenFlowTlsFiles tls, CancellationToken ct)
    {
        if (await TopologyFiles.LoadOrReportAsync(file).ConfigureAwait(false) is not { } document)
        {
            return 1;
        }

        if (!Hosting.Endpoints.TryParse(controller, 6653, out var endPoint))
        {
            await Console.Error.WriteLineAsync($"--controller: '{controller}' is not HOST:PORT").ConfigureAwait(false);
            return 2;
        }

        Uri? apiUri = null;
        if (api is not null && (!Uri.TryCreate(api, UriKind.Absolute, out apiUri) || !Hosting.Endpoints.IsLoopback(apiUri)))
        {
            // The simulator's API has no keys: anyone who reaches it can cut links, so loopback only.
            await Console.Error.WriteLineAsync($"--api: '{api}' is not a loopback URL (e.g. http://127.0.0.1:8081); the simulator's API has no API keys and listens on loopback only").ConfigureAwait(false);
            return 2;
        }

        if (tls.Problem(certificateRequired: false) is { } tlsProblem)
        {
            await Console.Error.WriteLineAsync(tlsProblem).ConfigureAwait(false);
            return 2;
        }

        using var loggers = Logging.Create(verbose);
        var log = loggers.CreateLogger("sdnctl");
        await using var network = new SimulatedNetwork(document, new SimulatedNetworkOptions { Agent = new SwitchAgentOptions { Tls = tls.ForSwitches() } }, loggerFactory: loggers);
        int connected = await network.StartAsync(endPoint, ct).ConfigureAwait(false);
        log.LogInformation("{Connected}/{Total} switches connected to {Controller}", connected, document.Switches.Count, endPoint);
        network.AnnounceHosts();
        await using var web = apiUri is null ? null : await SimulatorApi.StartAsync(network, apiUri, loggers).ConfigureAwait(false);
        Console.WriteLine(web is null
            ? $"simulating '{document.Name}' against {endPoint}. Ctrl-C stops."
            : $"simulating '{document.Name}' against {endPoint}; simulator API at {apiUri}. Ctrl-C stops.");
        await Shutdown.WaitAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
