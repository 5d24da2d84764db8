using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Store;

/// <summary>A store that keeps everything in memory and loses it on exit: for tests and for running without a data directory.</summary>
public sealed class InMemoryControllerStore : IControllerStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredApiKey> _keys = new(StringComparer.Ordinal);
    // Keyed by the key's bytes themselves (a hex string per flow cost ~200 B and its formatting).
    private readonly Dictionary<(ulong DatapathId, byte[] Key), StoredFlow> _flows = new(FlowIdComparer.Instance);
    private readonly SortedDictionary<long, StoredIntent> _intents = [];

    /// <inheritdoc/>
    public IReadOnlyList<StoredApiKey> ListApiKeys()
    {
        lock (_gate)
        {
            return [.. _keys.Values.OrderBy(k => k.Created).ThenBy(k => k.Id, StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc/>
    public void AddApiKey(StoredApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_keys.TryAdd(key.Id, key))
            {
                throw new InvalidOperationException($"an API key with id '{key.Id}' exists");
            }
        }
    }

    /// <inheritdoc/>
    public bool RemoveApiKey(string id)
    {
        lock (_gate)
        {
            return _keys.Remove(id);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredFlow> ListFlows()
    {
        lock (_gate)
        {
            return [.. _flows.Values];
        }
    }

    /// <inheritdoc/>
    public void ChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        ArgumentNullException.ThrowIfNull(upsert);
        ArgumentNullException.ThrowIfNull(remove);
        lock (_gate)
        {
            foreach (var (dpid, key) in remove)
            {
                _flows.Remove((dpid, key));
            }

            foreach (StoredFlow flow in upsert)
            {
                _flows[(flow.DatapathId, flow.Key)] = flow;
            }
        }
    }

    // ---- intents ----------------------------------------------------------------------------

    /// <inheritdoc/>
    public IReadOnlyList<StoredIntent> ListIntents()
    {
        lock (_gate)
        {
            return [.. _intents.Values];
        }
    }

    /// <inheritdoc/>
    public void PutIntent(StoredIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        lock (_gate)
        {
            _intents[intent.Id] = intent;
        }
    }

    /// <inheritdoc/>
    public bool RemoveIntent(long id)
    {
        lock (_gate)
        {
            return _intents.Remove(id);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    // ---- Tenants (issue 8) ----
    private readonly List<TenantSpec> _tenants = [];
    private readonly HashSet<string> _deletedTenants = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public IReadOnlyList<TenantSpec> ListTenants()
    {
        lock (_gate)
        {
            return [.. _tenants];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDeletedTenants()
    {
        lock (_gate)
        {
            return [.. _deletedTenants.Order(StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc/>
    public void SaveTenant(TenantSpec tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        // A copy, so that a caller's later change to its lists cannot change what is stored.
        var copy = tenant with { Segments = [.. tenant.Segments.Select(s => s with { Members = [.. s.Members] })] };
        lock (_gate)
        {
            int at = _tenants.FindIndex(t => t.Name == tenant.Name);
            if (at >= 0)
            {
                _tenants[at] = copy;
            }
            else
            {
                _tenants.Add(copy);
            }

            _deletedTenants.Remove(tenant.Name);
        }
    }

    /// <inheritdoc/>
    public void DeleteTenant(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            _tenants.RemoveAll(t => t.Name == name);
            _deletedTenants.Add(name);
        }
    }

    // ---- Appliances and chains (issue 8) ----
    private readonly List<StoredAppliance> _appliances = [];
    private readonly HashSet<string> _deletedAppliances = new(StringComparer.Ordinal);
    private readonly List<StoredChain> _chains = [];

    /// <inheritdoc/>
    public IReadOnlyList<StoredAppliance> ListAppliances()
    {
        lock (_gate)
        {
            return [.. _appliances];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDeletedAppliances()
    {
        lock (_gate)
        {
            return [.. _deletedAppliances.Order(StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc/>
    public void SaveAppliance(StoredAppliance appliance)
    {
        ArgumentNullException.ThrowIfNull(appliance);
        lock (_gate)
        {
            int at = _appliances.FindIndex(a => a.Name == appliance.Name);
            if (at >= 0)
            {
                _appliances[at] = appliance;
            }
            else
            {
                _appliances.Add(appliance);
            }

            _deletedAppliances.Remove(appliance.Name);
        }
    }

    /// <inheritdoc/>
    public void DeleteAppliance(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            _appliances.RemoveAll(a => a.Name == name);
            _deletedAppliances.Add(name);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredChain> ListChains()
    {
        lock (_gate)
        {
            return [.. _chains];
        }
    }

    /// <inheritdoc/>
    public void PutChain(StoredChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        lock (_gate)
        {
            int at = _chains.FindIndex(c => c.Name == chain.Name);
            if (at >= 0)
            {
                _chains[at] = chain;
            }
            else
            {
                _chains.Add(chain);
            }
        }
    }

    /// <inheritdoc/>
    public bool RemoveChain(string name)
    {
        lock (_gate)
        {
            return _chains.RemoveAll(c => c.Name == name) > 0;
        }
    }
}
