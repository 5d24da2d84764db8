using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SdnCtl.Api;
using SdnCtl.Api.Simulation;
using SdnCtl.DataPlane.Network;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// The REST API of <c>sdnctl sim --api URL</c>: the same simulator endpoints <c>sdnctl run</c> serves
/// beside the controller's API, for a simulated network in a process of its own (ping, connect, cut
/// and restore links while the controller runs elsewhere).
/// </summary>
internal static class SimulatorApi
{
    public static async Task<WebApplication> StartAsync(SimulatedNetwork network, Uri url, ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(url.ToString());
        builder.Services.AddSimulatorApi();
        var adapter = new SimulatorAdapter(network);
        builder.Services.AddSingleton<ISimulatorControl>(adapter);
        builder.Services.AddSingleton<ISimulatorConnections>(adapter);
        var web = builder.Build();
        web.MapSimulatorApi();
        try
        {
            await web.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await web.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return web;
    }
}
