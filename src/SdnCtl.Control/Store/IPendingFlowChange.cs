namespace SdnCtl.Control.Store;

/// <summary>
/// A set of static-flow changes written but not yet in effect (see
/// <see cref="IControllerStore.BeginChangeFlows"/>): <see cref="Commit"/> makes it durable and visible;
/// disposing it without a commit leaves the store as it was. An implementation may make other callers
/// of the store wait until it is committed or disposed (the SQLite one does not).
/// </summary>
public interface IPendingFlowChange : IDisposable
{
    /// <summary>Applies the change atomically and durably; call at most once.</summary>
    void Commit();
}
