namespace SdnCtl.Control.Store;

/// <summary>A service chain as stored: the request that created it, as the northbound wrote it (JSON).</summary>
/// <param name="Name">The chain's name.</param>
/// <param name="Tenant">The owning tenant, or <see langword="null"/> for an admin-owned chain.</param>
/// <param name="Spec">The request body, JSON.</param>
/// <param name="Created">When it was accepted.</param>
public sealed record StoredChain(string Name, string? Tenant, string Spec, DateTimeOffset Created);
