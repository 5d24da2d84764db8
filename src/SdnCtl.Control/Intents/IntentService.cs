using SdnCtl.Control.Core;

namespace SdnCtl.Control.Intents;

/// <summary>Runs intent commands on the control loop, where <see cref="IntentManager"/> lives.</summary>
/// <param name="manager">The loop's intents.</param>
/// <param name="invoke">Runs a command on the loop.</param>
/// <param name="time">The clock of <paramref name="confirmWait"/>.</param>
/// <param name="confirmWait">How long <see cref="AddAsync"/> and <see cref="RemoveAsync"/> wait for the switches to confirm a new intent's rules, or a removed one's deletes.</param>
internal sealed class IntentService(
    IntentManager manager,
    Func<Func<ControlContext, (IntentResult Result, Task Settled)>, CancellationToken, Task<(IntentResult Result, Task Settled)>> invoke,
    TimeProvider time,
    TimeSpan confirmWait) : IIntentService
{
    public IReadOnlyList<IntentInfo> Intents => [.. manager.Published.Values];

    public IntentInfo? Find(long id) => manager.Published.GetValueOrDefault(id);

    public async Task<IntentResult> AddAsync(IntentSpec spec, long? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (result, settled) = await invoke(
            context =>
            {
                IntentResult added = manager.Add(spec, id, context.State, context.Outbox);
                return (added, added.Intent is { } i ? manager.WhenSettled(i.Id) : Task.CompletedTask);
            },
            cancellationToken).ConfigureAwait(false);

        // A new intent is installed once its switches confirmed its rules with a barrier: answer with
        // that (or failed), or, from a switch slow to answer, with requested.
        try
        {
            await settled.WaitAsync(confirmWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return result.Intent is { } intent && Find(intent.Id) is { } now ? result with { Intent = now } : result;
    }

    public async Task<IntentResult> RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        var (result, removed) = await invoke(
            context => (manager.Remove(id, context.State, context.Outbox), manager.WhenRemoved(id)),
            cancellationToken).ConfigureAwait(false);

        // Removed means its rules are off the switches: answer once they confirmed the deletes with a
        // barrier, or, from a switch slow to answer, after the same wait as an add.
        try
        {
            await removed.WaitAsync(confirmWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return result;
    }
}
