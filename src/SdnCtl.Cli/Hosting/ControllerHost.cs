using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SdnCtl.Api;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Simulation;
using SdnCtl.Control;
using SdnCtl.Control.Appliances;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Store;
using SdnCtl.Control.Switches;
using SdnCtl.Southbound;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// The controller process: control plane, OpenFlow server and REST API, started and stopped as one.
/// A simulated network, when there is one, is created before and connected after this starts (its
/// switches connect over real TCP like any other) and is handed in for the <c>/api/v1/sim</c> endpoints.
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly IControllerStore _store;

    private ControllerHost(ControlPlane controlPlane, OpenFlowServer server, WebApplication web, IControllerStore store)
    {
        ControlPlane = controlPlane;
        Server = server;
        _web = web;
        _store = store;
    }

    public ControlPlane ControlPlane { get; }

    public OpenFlowServer Server { get; }

    /// <summary>A service of the REST API's container (for tests and wiring).</summary>
    public T GetRequiredService<T>()
        where T : notnull => _web.Services.GetRequiredService<T>();

    /// <summary>The address the REST API listens on.</summary>
    public string ApiAddress => _web.Urls.FirstOrDefault() ?? string.Empty;

    /// <summary>
    /// Like <see cref="StartAsync"/>, but a refusal to expose an open API, or a setting refused at start,
    /// is printed and gives <see langword="null"/>.
    /// </summary>
    public static async Task<ControllerHost?> StartOrReportAsync(ControllerHostOptions options, ILoggerFactory loggers, ISimulatorControl? simulator)
    {
        try
        {
            return await StartAsync(options, loggers, simulator).ConfigureAwait(false);
        }
        catch (ApiExposureException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }
        catch (ArgumentException e)
        {
            // A setting the southbound refused at start (an unreadable TLS certificate, say): its message names it.
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }
    }

    /// <exception cref="ApiExposureException">Asked to serve the API beyond loopback with no API key.</exception>
    public static async Task<ControllerHost> StartAsync(ControllerHostOptions options, ILoggerFactory loggers, ISimulatorControl? simulator)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = loggers.CreateLogger<ControllerHost>();
        IControllerStore store = options.DataDirectory is null ? new InMemoryControllerStore() : new SqliteControllerStore(options.DataDirectory);
        var keys = new ApiKeys(store, options.ApiKey);
        if (keys.IsOpen)
        {
            if (!Endpoints.IsLoopback(options.Api))
            {
                store.Dispose();
                throw new ApiExposureException(
                    $"refusing to serve the REST API on {options.Api} without an API key: anyone who can reach it could program the network. " +
                    "Give --api-key KEY, or listen on loopback (--api http://127.0.0.1:8080).");
            }

            log.OpenApi(options.Api);
        }

        // One path service for both the REST queries and the flows the controller installs.
        var paths = new PathComputationService();
        var controlPlane = new ControlPlane(
            new ControllerOptions { DiscoveryInterval = options.DiscoveryInterval },
            TimeProvider.System,
            loggers.CreateLogger<ControlPlane>(),
            new PathServiceAdapter(paths),
            options.Declared,
            store);
        controlPlane.Start();

        // Errors switches send are copied to the log on their way to the control plane, so that the
        // REST call whose FLOW_MOD a switch refused can report it.
        var switchErrors = new SwitchErrorLog();
        var server = new OpenFlowServer(
            new SouthboundOptions { ListenAddress = options.OpenFlow.Address, Port = options.OpenFlow.Port, EchoInterval = options.EchoInterval, Tls = options.OpenFlowTls },
            new PacketInRateLimiter(new ErrorRecordingSink(controlPlane, switchErrors), options.PacketInsPerSwitch, options.PacketInsPerPort),
            loggers.CreateLogger<OpenFlowServer>());
        WebApplication? web = null;
        try
        {
            await server.StartAsync().ConfigureAwait(false);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggers);
            builder.WebHost.UseUrls(options.Api.ToString());
            builder.Services.AddSdnCtlApi();
            builder.Services.AddSingleton<IControlPlane>(controlPlane);
            builder.Services.AddSingleton(switchErrors);
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton(keys);
            builder.Services.AddSingleton(new Api.Events.EventStreamOptions { HeartbeatInterval = options.EventHeartbeat });
            builder.Services.AddSingleton<IPathComputation>(paths);
            builder.Services.AddSingleton(new Control.Statistics.StatisticsOptions { Interval = options.StatsInterval });
            if (simulator is not null)
            {
                builder.Services.AddSingleton(simulator);
            }

            if (simulator is SimulatorAdapter { Appliances: { } appliances })
            {
                // Appliances changed over the API are stored; the stored ones come back before the API
                // answers (and before the chains that steer through them are restored).
                var stored = new StoredApplianceOrchestrator(appliances, store, options.Declared?.Appliances);
                foreach (string problem in await stored.RestoreAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    log.ApplianceNotRestored(problem);
                }

                builder.Services.AddSingleton<IApplianceOrchestrator>(stored);
            }

            web = builder.Build();
            web.MapSdnCtlApi();
            await web.StartAsync().ConfigureAwait(false);
            return new ControllerHost(controlPlane, server, web, store);
        }
        catch
        {
            if (web is not null)
            {
                await web.DisposeAsync().ConfigureAwait(false);
            }

            await server.StopAsync().ConfigureAwait(false);
            await controlPlane.StopAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync().ConfigureAwait(false);
        await _web.DisposeAsync().ConfigureAwait(false);
        await Server.StopAsync().ConfigureAwait(false);
        await ControlPlane.StopAsync().ConfigureAwait(false);
        _store.Dispose();
    }
}
