namespace SdnCtl.Control.Store;

/// <summary>
/// An intent as stored: its id, owner and the request that created it, as the northbound wrote it
/// (JSON), so the store needs no schema of its own for endpoints, matches and constraints.
/// </summary>
/// <param name="Id">The intent's id; it keeps it across restarts (its rules' cookies carry it).</param>
/// <param name="Tenant">The owning tenant, or <see langword="null"/>.</param>
/// <param name="Spec">The request body, JSON.</param>
/// <param name="Created">When it was accepted.</param>
public sealed record StoredIntent(long Id, string? Tenant, string Spec, DateTimeOffset Created);
