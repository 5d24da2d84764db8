namespace SdnCtl.Control.Store;

/// <summary>
/// An appliance as stored: its whole desired configuration as the create body the API takes
/// (<c>{"name", "kind", "assembly"?, "interfaces", ...options}</c>, JSON), so that the store needs no
/// schema per appliance kind and a restore is the same request as a create.
/// </summary>
/// <param name="Name">The appliance's name.</param>
/// <param name="Tenant">The owning tenant, or <see langword="null"/> for an admin-owned appliance.</param>
/// <param name="Spec">The create body, JSON, without <c>tenant</c>.</param>
public sealed record StoredAppliance(string Name, string? Tenant, string Spec);
