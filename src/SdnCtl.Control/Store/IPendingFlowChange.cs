namespace SdnCtl.Control.Store;

/// <summary>
/// A set of static-flow changes written but not yet in effect (see
/// <see cref="IControllerStore.BeginChangeFlows"/>): <see cref="Commit"/> makes it durable and visible;
/// disposing it without a commit leaves the store as it was. Until it is committed or disposed, other
/// callers of the store wait.
/// </summary>
public interface IPendingFlowChange : IDisposable
{
    /// <summary>Applies the change atomically and durably; call at most once.</summary>
    void Commit();
}
