using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SdnCtl.Control.Store;
using SdnCtl.Topology.Appliances;

namespace SdnCtl.Control.Appliances;

/// <summary>
/// The appliances' desired state made durable, and who owns each appliance: wraps the data plane's
/// <see cref="IApplianceOrchestrator"/>, and after every change it accepted writes the appliance's
/// whole configuration (the create body with the current options) to the <see cref="IControllerStore"/>
/// before answering; a failed write undoes the change. <see cref="RestoreAsync"/> brings the stored
/// state back at start, with the same precedence as tenants: a stored appliance replaces the topology
/// file's of that name, one deleted over the API stays deleted, and the file's others stay as written.
/// </summary>
/// <remarks>
/// Ownership: a body's optional <c>tenant</c> (or the file's <c>tenant:</c>) names the tenant whose keys
/// see and change the appliance; absent, it is the admin's. The field is taken off the body here, so the
/// appliance kinds never see it; who may set it is the northbound's business.
/// </remarks>
public sealed class StoredApplianceOrchestrator : IApplianceOrchestrator
{
    private readonly IApplianceOrchestrator _inner;
    private readonly IControllerStore _store;

    // Changes are serialised so that they reach the store in the order they were applied.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _assemblies = new(StringComparer.Ordinal);

    // The order List() answers in: the file's appliances, then those created over the API in creation
    // order. The data plane's own order changes when an appliance is replaced (it is stopped and started
    // again), and a restore replaces the file's changed appliances, so it cannot be the API's order.
    private readonly List<string> _order = [];

    /// <param name="inner">Where appliances run.</param>
    /// <param name="store">Where their desired configuration is kept.</param>
    /// <param name="declared">The topology file's appliances (for their owners and assemblies).</param>
    public StoredApplianceOrchestrator(IApplianceOrchestrator inner, IControllerStore store, IReadOnlyList<ApplianceSpec>? declared = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(store);
        _inner = inner;
        _store = store;
        foreach (ApplianceSpec spec in declared ?? [])
        {
            Remember(spec.Name, spec.Tenant, spec.Assembly);
            _order.Add(spec.Name);
        }
    }

    /// <summary>The tenant that owns appliance <paramref name="name"/>, or <see langword="null"/> (admin-owned, or no such appliance).</summary>
    public string? OwnerOf(string name) => _owners.GetValueOrDefault(name);

    /// <inheritdoc/>
    public IReadOnlyList<ApplianceState> List()
    {
        List<string> order;
        lock (_order)
        {
            order = [.. _order];
        }

        return [.. _inner.List().OrderBy(a => order.IndexOf(a.Name) is >= 0 and var at ? at : int.MaxValue).Select(WithOwner)];
    }

    /// <inheritdoc/>
    public ApplianceState? Get(string name) => _inner.Get(name) is { } state ? WithOwner(state) : null;

    /// <summary>
    /// Applies the store at start: deletes the file's appliances that were deleted over the API, then
    /// creates (or, for a file's appliance, replaces) each stored one. Returns what could not be restored.
    /// </summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (string name in _store.ListDeletedAppliances())
            {
                if (_inner.Get(name) is not null)
                {
                    await _inner.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
                }

                Forget(name);
                lock (_order)
                {
                    _order.Remove(name);
                }
            }

            foreach (StoredAppliance stored in _store.ListAppliances())
            {
                if (ParseObject(stored.Spec) is not { } body)
                {
                    problems.Add($"appliance '{stored.Name}': the stored configuration is not a JSON object");
                    continue;
                }

                string? assembly = Text(body, "assembly");
                ApplianceOutcome outcome = _inner.Get(stored.Name) is null
                    ? await _inner.CreateAsync(body, cancellationToken).ConfigureAwait(false)
                    : await _inner.ReplaceAsync(stored.Name, body, cancellationToken).ConfigureAwait(false);
                if (outcome.Status is ApplianceOutcomeStatus.Ok or ApplianceOutcomeStatus.Created)
                {
                    Forget(stored.Name);
                    Remember(stored.Name, stored.Tenant, assembly);
                    Place(stored.Name);
                }
                else
                {
                    problems.Add($"appliance '{stored.Name}': {outcome.Detail ?? outcome.Status.ToString()}");
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return problems;
    }

    /// <inheritdoc/>
    public async Task<ApplianceOutcome> CreateAsync(JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (TakeTenant(body, out JsonObject request, out string? tenant) is { } invalid)
        {
            return invalid;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ApplianceOutcome outcome = await _inner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
            if (outcome.Status != ApplianceOutcomeStatus.Created || Text(request, "name") is not { } name)
            {
                return outcome;
            }

            string? assembly = Text(request, "assembly");
            try
            {
                Save(name, tenant, assembly);
            }
            catch
            {
                // Not stored means not accepted: a restart would lose it.
                await _inner.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            Remember(name, tenant, assembly);
            Place(name);
            return outcome with { Body = WithOwner(outcome.Body, tenant) };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<ApplianceOutcome> ReplaceAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        bool namesTenant = body.ContainsKey("tenant");
        if (TakeTenant(body, out JsonObject request, out string? tenant) is { } invalid)
        {
            return invalid;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            JsonObject? before = SpecOf(name);
            ApplianceOutcome outcome = await _inner.ReplaceAsync(name, request, cancellationToken).ConfigureAwait(false);
            if (outcome.Status != ApplianceOutcomeStatus.Ok)
            {
                return outcome;
            }

            // A replace that does not name a tenant keeps the owner.
            string? owner = namesTenant ? tenant : OwnerOf(name);
            string? assembly = Text(request, "assembly") ?? _assemblies.GetValueOrDefault(name);
            try
            {
                Save(name, owner, assembly);
            }
            catch
            {
                if (before is not null)
                {
                    await _inner.ReplaceAsync(name, before, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }

            Forget(name);
            Remember(name, owner, assembly);
            return outcome with { Body = WithOwner(outcome.Body, owner) };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<ApplianceOutcome> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            JsonObject? before = SpecOf(name);
            ApplianceOutcome outcome = await _inner.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            if (outcome.Status != ApplianceOutcomeStatus.Ok)
            {
                return outcome;
            }

            try
            {
                _store.DeleteAppliance(name);
            }
            catch
            {
                if (before is not null)
                {
                    await _inner.CreateAsync(before, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }

            Forget(name);
            lock (_order)
            {
                _order.Remove(name);
            }

            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public ApplianceOutcome ReadSection(string name, string section) => _inner.ReadSection(name, section);

    /// <inheritdoc/>
    public ApplianceOutcome ReplaceSection(string name, string section, JsonNode? body) =>
        ChangeSection(name, () => _inner.ReplaceSection(name, section, body));

    /// <inheritdoc/>
    public ApplianceOutcome AddToSection(string name, string section, JsonNode? body) =>
        ChangeSection(name, () => _inner.AddToSection(name, section, body));

    /// <inheritdoc/>
    public ApplianceOutcome RemoveFromSection(string name, string section, IReadOnlyDictionary<string, string?> key) =>
        ChangeSection(name, () => _inner.RemoveFromSection(name, section, key));

    // Section changes are synchronous in the contract; so is the wait here. Only a failed store write
    // blocks on the (asynchronous) replace that puts the old configuration back.
    private ApplianceOutcome ChangeSection(string name, Func<ApplianceOutcome> change)
    {
        _gate.Wait();
        try
        {
            JsonObject? before = SpecOf(name);
            ApplianceOutcome outcome = change();
            if (outcome.Status is not (ApplianceOutcomeStatus.Ok or ApplianceOutcomeStatus.Created))
            {
                return outcome;
            }

            try
            {
                Save(name, OwnerOf(name), _assemblies.GetValueOrDefault(name));
            }
            catch
            {
                if (before is not null)
                {
                    _inner.ReplaceAsync(name, before, CancellationToken.None).GetAwaiter().GetResult();
                }

                throw;
            }

            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The appliance's whole configuration as a create body: kind, assembly, then its options (name and interfaces included).</summary>
    private JsonObject? SpecOf(string name)
    {
        if (_inner.Get(name) is not { } state)
        {
            return null;
        }

        var spec = new JsonObject { ["kind"] = state.Kind };
        if (_assemblies.TryGetValue(name, out string? assembly))
        {
            spec["assembly"] = assembly;
        }

        foreach (var (key, value) in state.Options)
        {
            spec[key] = value?.DeepClone();
        }

        spec["name"] = name;
        return spec;
    }

    private void Save(string name, string? tenant, string? assembly)
    {
        _assemblies.TryRemove(name, out _);
        if (assembly is not null)
        {
            _assemblies[name] = assembly;
        }

        JsonObject spec = SpecOf(name) ?? throw new InvalidOperationException($"appliance '{name}' vanished while it was being stored");
        _store.SaveAppliance(new StoredAppliance(name, tenant, spec.ToJsonString()));
    }

    private void Remember(string name, string? tenant, string? assembly)
    {
        if (tenant is not null)
        {
            _owners[name] = tenant;
        }

        if (assembly is not null)
        {
            _assemblies[name] = assembly;
        }
    }

    private void Place(string name)
    {
        lock (_order)
        {
            if (!_order.Contains(name))
            {
                _order.Add(name);
            }
        }
    }

    private void Forget(string name)
    {
        _owners.TryRemove(name, out _);
        _assemblies.TryRemove(name, out _);
    }

    private ApplianceState WithOwner(ApplianceState state) => state with { Tenant = OwnerOf(state.Name) };

    private static JsonNode? WithOwner(JsonNode? body, string? tenant)
    {
        if (body is JsonObject o && tenant is not null)
        {
            o["tenant"] = tenant;
        }

        return body;
    }

    /// <summary>Splits the optional <c>tenant</c> off a body (a copy); a tenant that is not a name is a 400.</summary>
    private static ApplianceOutcome? TakeTenant(JsonObject body, out JsonObject request, out string? tenant)
    {
        request = (JsonObject)body.DeepClone();
        tenant = null;
        if (!request.Remove("tenant", out JsonNode? node) || node is null)
        {
            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue(out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return ApplianceOutcome.Invalid("tenant", "the owning tenant's name (text), or leave it out for an admin-owned appliance");
        }

        tenant = text;
        return null;
    }

    private static string? Text(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue(out string? text) ? text : null;

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
