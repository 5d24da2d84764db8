using SdnCtl.Control.Core;

namespace SdnCtl.Control.Intents;

/// <summary>Runs intent commands on the control loop, where <see cref="IntentManager"/> lives.</summary>
internal sealed class IntentService(IntentManager manager, Func<Func<ControlContext, IntentResult>, CancellationToken, Task<IntentResult>> invoke) : IIntentService
{
    public IReadOnlyList<IntentInfo> Intents => [.. manager.Published.Values];

    public IntentInfo? Find(long id) => manager.Published.GetValueOrDefault(id);

    public Task<IntentResult> AddAsync(IntentSpec spec, long? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return invoke(context => manager.Add(spec, id, context.State, context.Outbox), cancellationToken);
    }

    public Task<IntentResult> RemoveAsync(long id, CancellationToken cancellationToken = default) =>
        invoke(context => manager.Remove(id, context.State, context.Outbox), cancellationToken);
}
