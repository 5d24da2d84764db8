using System.Text.Json;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Endpoints;
using SdnCtl.Control;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Store;

namespace SdnCtl.Api.Chains;

/// <summary>
/// Gives the control plane back the stored chains at start, before the API answers its first request,
/// with their stored owners. Each goes through the same checks as a create (its appliances, restored
/// before the API starts, are resolved to their switch ports again) and is compiled on the topology as
/// it is then; like any chain, it is installed once its hosts and links are there.
/// </summary>
internal sealed partial class ChainRestorer(IServiceProvider services, IControllerStore store, ChainOwnership owners, ILogger<ChainRestorer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (ChainEndpoints.ChainsOf(services) is not { } chains || services.GetService<IControlPlane>() is not { } cp)
        {
            return;
        }

        foreach (StoredChain stored in store.ListChains())
        {
            ChainRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<ChainRequest>(stored.Spec, IntentEndpoints.StoredJson);
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, stored.Name, e.Message);
                continue;
            }

            // The stored owner was decided when the chain was created; an admin may use any appliance.
            if (ChainEndpoints.TryBuildSpec(request, services, cp, _ => true, out ChainSpec? spec) is { } error)
            {
                LogUnreadable(logger, stored.Name, $"{error.Field}: {error.Message}");
                continue;
            }

            ChainResult result = await chains.RestoreAsync(spec!, stored.Created, cancellationToken).ConfigureAwait(false);
            if (result.Status == IntentResultStatus.Conflict)
            {
                LogUnreadable(logger, stored.Name, result.Detail ?? "conflict");
                continue;
            }

            owners.Set(stored.Name, stored.Tenant);
            LogRestored(logger, stored.Name, result.Chain is { } c ? IntentEndpoints.StateName(c.State) : result.Status.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "Chain {Name} restored from the store: {State}")]
    private static partial void LogRestored(ILogger logger, string name, string state);

    [LoggerMessage(EventId = 811, Level = LogLevel.Error, Message = "Stored chain {Name} cannot be restored and is skipped: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string name, string problem);
}
