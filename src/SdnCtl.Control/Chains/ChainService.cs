using SdnCtl.Control.Core;

namespace SdnCtl.Control.Chains;

/// <summary>Runs chain commands on the control loop, where <see cref="ChainManager"/> lives.</summary>
/// <param name="manager">The loop's chains.</param>
/// <param name="invoke">Runs a command on the loop.</param>
/// <param name="time">The clock of <paramref name="confirmWait"/>.</param>
/// <param name="confirmWait">How long <see cref="AddAsync"/> and <see cref="RemoveAsync"/> wait for the switches to confirm a new chain's rules, or a removed one's deletes.</param>
internal sealed class ChainService(
    ChainManager manager,
    Func<Func<ControlContext, (ChainResult Result, Task Settled)>, CancellationToken, Task<(ChainResult Result, Task Settled)>> invoke,
    TimeProvider time,
    TimeSpan confirmWait) : IChainService
{
    public IReadOnlyList<ChainInfo> Chains => [.. manager.Published.Values];

    public ChainInfo? Find(string name) => manager.Published.GetValueOrDefault(name);

    public Task<ChainResult> AddAsync(ChainSpec spec, CancellationToken cancellationToken = default) => AddCoreAsync(spec, null, cancellationToken);

    public Task<ChainResult> RestoreAsync(ChainSpec spec, DateTimeOffset createdAt, CancellationToken cancellationToken = default) => AddCoreAsync(spec, createdAt, cancellationToken);

    private async Task<ChainResult> AddCoreAsync(ChainSpec spec, DateTimeOffset? createdAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (result, settled) = await invoke(
            context =>
            {
                ChainResult added = manager.Add(spec, context.State, context.Outbox, createdAt);
                return (added, added.Chain is not null ? manager.WhenSettled(spec.Name) : Task.CompletedTask);
            },
            cancellationToken).ConfigureAwait(false);

        // Installed once its switches confirmed its rules with a barrier (or failed); a slow switch leaves it requested.
        try
        {
            await settled.WaitAsync(confirmWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return result.Chain is not null && Find(spec.Name) is { } now ? result with { Chain = now } : result;
    }

    public async Task<ChainResult> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        var (result, removed) = await invoke(
            context =>
            {
                ChainResult r = manager.Remove(name, context.State, context.Outbox);
                return (r, manager.WhenRemoved(r));
            },
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
