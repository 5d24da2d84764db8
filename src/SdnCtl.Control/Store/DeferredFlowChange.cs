namespace SdnCtl.Control.Store;

/// <summary>The default pending change: nothing happens until the commit, which is one <see cref="IControllerStore.ChangeFlows"/>.</summary>
internal sealed class DeferredFlowChange(
    IControllerStore store, IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove) : IPendingFlowChange
{
    private bool _done;

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        store.ChangeFlows(upsert, remove);
    }

    public void Dispose() => _done = true;
}
