using SdnCtl.Control.Core;

namespace SdnCtl.Control.Chains;

/// <summary>Runs chain commands on the control loop, where <see cref="ChainManager"/> lives.</summary>
/// <param name="manager">The loop's chains.</param>
/// <param name="invoke">Runs a command on the loop.</param>
/// <param name="time">The clock of <paramref name="confirmWait"/>.</param>
/// <param name="confirmWait">How long <see cref="AddAsync"/> waits for the switches to confirm a new chain's rules.</param>
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

    public async Task<ChainResult> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        (await invoke(context => (manager.Remove(name, context.State, context.Outbox), Task.CompletedTask), cancellationToken).ConfigureAwait(false)).Result;
}
