namespace SdnCtl.Control.Chains;

/// <summary>
/// Service chains at run time: each is compiled to flow rules on the control loop, recompiled when
/// a link of one of its legs is lost (rerouted) and removed with its rules. Reads are snapshots.
/// </summary>
public interface IChainService
{
    /// <summary>Every chain, by name.</summary>
    IReadOnlyList<ChainInfo> Chains { get; }

    /// <summary>One chain, or <see langword="null"/>.</summary>
    ChainInfo? Find(string name);

    /// <summary>
    /// Adds a chain and compiles it at once (installed, or failed with a reason); conflict when the name
    /// is taken or another chain has exactly the same classifier.
    /// </summary>
    Task<ChainResult> AddAsync(ChainSpec spec, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="AddAsync"/>, for a chain restored from a store: it keeps the time it was first created.</summary>
    Task<ChainResult> RestoreAsync(ChainSpec spec, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a chain and its rules; completes once the switches confirmed the deletes with a barrier
    /// (or after the confirmation wait, from a switch slow to answer).
    /// </summary>
    Task<ChainResult> RemoveAsync(string name, CancellationToken cancellationToken = default);
}
