using SdnCtl.Control.Core;

namespace SdnCtl.Control.Chains;

/// <summary>Runs chain commands on the control loop, where <see cref="ChainManager"/> lives.</summary>
internal sealed class ChainService(ChainManager manager, Func<Func<ControlContext, ChainResult>, CancellationToken, Task<ChainResult>> invoke) : IChainService
{
    public IReadOnlyList<ChainInfo> Chains => [.. manager.Published.Values];

    public ChainInfo? Find(string name) => manager.Published.GetValueOrDefault(name);

    public Task<ChainResult> AddAsync(ChainSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return invoke(context => manager.Add(spec, context.State, context.Outbox), cancellationToken);
    }

    public Task<ChainResult> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        invoke(context => manager.Remove(name, context.State, context.Outbox), cancellationToken);
}
