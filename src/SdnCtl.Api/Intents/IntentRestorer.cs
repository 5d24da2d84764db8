using System.Text.Json;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Endpoints;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Store;

namespace SdnCtl.Api.Intents;

/// <summary>
/// Gives the control plane back the stored intents at start, under their old ids (their rules'
/// cookies carry them), before the API answers its first request; each is compiled on the topology
/// as it is then and, like any intent, installed once its hosts and links are there.
/// </summary>
internal sealed partial class IntentRestorer(IServiceProvider services, IControllerStore store, ILogger<IntentRestorer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IntentEndpoints.IntentsOf(services) is not { } intents)
        {
            return;
        }

        foreach (StoredIntent stored in store.ListIntents())
        {
            IntentRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<IntentRequest>(stored.Spec, IntentEndpoints.StoredJson);
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, stored.Id, e.Message);
                continue;
            }

            if (!IntentRequestParser.TryParse(request, out IntentSpec spec, out var error))
            {
                LogUnreadable(logger, stored.Id, $"{error!.Field}: {error.Message}");
                continue;
            }

            IntentResult result = await intents.AddAsync(spec, stored.Id, cancellationToken).ConfigureAwait(false);
            LogRestored(logger, stored.Id, result.Intent is { } i ? IntentEndpoints.StateName(i.State) : result.Detail ?? result.Status.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Intent {Id} restored from the store: {State}")]
    private static partial void LogRestored(ILogger logger, long id, string state);

    [LoggerMessage(EventId = 801, Level = LogLevel.Error, Message = "Stored intent {Id} cannot be read and is skipped: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, long id, string problem);
}
