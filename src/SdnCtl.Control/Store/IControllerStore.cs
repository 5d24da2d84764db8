using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Store;

/// <summary>
/// The controller's desired state that must survive a restart: static flows, API keys, tenants,
/// intents, appliances and service chains. Every write is durable when the call returns, so the API may
/// answer success right after. Implementations are thread-safe. The SQLite one is the embedded
/// default; the contract tests in SdnCtl.Control.Tests/Store hold for any other (a distributed one).
/// </summary>
public interface IControllerStore : IDisposable
{
    /// <summary>Every API key.</summary>
    IReadOnlyList<StoredApiKey> ListApiKeys();

    /// <summary>Adds a key.</summary>
    /// <exception cref="InvalidOperationException">A key with that id exists.</exception>
    void AddApiKey(StoredApiKey key);

    /// <summary>Removes a key; false when there was none with that id.</summary>
    bool RemoveApiKey(string id);

    /// <summary>The static flows of every switch.</summary>
    IReadOnlyList<StoredFlow> ListFlows();

    /// <summary>
    /// Applies a set of flow changes atomically: <paramref name="remove"/> (by datapath and key) then
    /// <paramref name="upsert"/> (replacing a flow with the same datapath and key).
    /// </summary>
    void ChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove);

    /// <summary>
    /// Starts the same change as <see cref="ChangeFlows"/> but leaves it pending until
    /// <see cref="IPendingFlowChange.Commit"/>, and discards it if the pending change is disposed
    /// first. A caller can thus do the store's work while it waits for something else (switches'
    /// barrier replies) and still change nothing if that fails. An implementation may hold the store
    /// until then, so keep the pending change short-lived. The default does all the work at the commit.
    /// </summary>
    IPendingFlowChange BeginChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove) =>
        new DeferredFlowChange(this, upsert, remove);

    // ---- Tenants (issue 8): tenants with their segments and members, and tombstones ----

    /// <summary>
    /// Every tenant saved over the API, whole (segments and members in their order), in the order
    /// each was first saved. A tenant of the topology file that was never changed is not here.
    /// </summary>
    IReadOnlyList<TenantSpec> ListTenants();

    /// <summary>Names of tenants deleted over the API, so that a topology file's tenant stays deleted.</summary>
    IReadOnlyList<string> ListDeletedTenants();

    /// <summary>Stores <paramref name="tenant"/> whole, replacing any tenant of that name (keeping its place) and its tombstone.</summary>
    void SaveTenant(TenantSpec tenant);

    /// <summary>Removes the tenant named <paramref name="name"/> (if stored) and records its tombstone.</summary>
    void DeleteTenant(string name);

    // ---- intents ----------------------------------------------------------------------------

    /// <summary>Every intent, by id.</summary>
    IReadOnlyList<StoredIntent> ListIntents();

    /// <summary>Adds an intent, or replaces the one with the same id.</summary>
    void PutIntent(StoredIntent intent);

    /// <summary>Removes an intent; false when there was none with that id.</summary>
    bool RemoveIntent(long id);

    // ---- Appliances (issue 8): the desired configuration of each appliance, and tombstones ----

    /// <summary>
    /// Every appliance created or changed over the API, whole, in the order each was first saved. An
    /// appliance of the topology file that was never changed is not here.
    /// </summary>
    IReadOnlyList<StoredAppliance> ListAppliances();

    /// <summary>Names of appliances deleted over the API, so that a topology file's appliance stays deleted.</summary>
    IReadOnlyList<string> ListDeletedAppliances();

    /// <summary>Stores <paramref name="appliance"/>, replacing any of that name (keeping its place) and its tombstone.</summary>
    void SaveAppliance(StoredAppliance appliance);

    /// <summary>Removes the appliance named <paramref name="name"/> (if stored) and records its tombstone.</summary>
    void DeleteAppliance(string name);

    // ---- Service chains (issue 8) ---------------------------------------------------------------

    /// <summary>Every chain, in the order each was first stored.</summary>
    IReadOnlyList<StoredChain> ListChains();

    /// <summary>Adds a chain, or replaces the one with the same name (keeping its place).</summary>
    void PutChain(StoredChain chain);

    /// <summary>Removes a chain; false when there was none with that name.</summary>
    bool RemoveChain(string name);
}
