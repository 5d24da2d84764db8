namespace SdnCtl.Control.Intents;

/// <summary>
/// Connectivity intents at run time: each is compiled to flow rules (and fast-failover groups when
/// protected) on the control loop, recompiled when the topology breaks or repairs its path, and
/// removed with its rules and groups. Reads are lock-free snapshots.
/// </summary>
public interface IIntentService
{
    /// <summary>Every intent, by id (an immutable snapshot as of the loop's last change).</summary>
    IReadOnlyList<IntentInfo> Intents { get; }

    /// <summary>One intent, or <see langword="null"/>.</summary>
    IntentInfo? Find(long id);

    /// <summary>
    /// Adds an intent and compiles it at once: the result's intent is installed, or failed naming
    /// the constraint no path met. <paramref name="id"/> restores a stored intent under its old id;
    /// <see langword="null"/> takes the next free one.
    /// </summary>
    Task<IntentResult> AddAsync(IntentSpec spec, long? id = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes an intent, its rules, groups and reservations; completes once the switches confirmed the
    /// deletes with a barrier (or after the confirmation wait, from a switch slow to answer).
    /// </summary>
    Task<IntentResult> RemoveAsync(long id, CancellationToken cancellationToken = default);
}
