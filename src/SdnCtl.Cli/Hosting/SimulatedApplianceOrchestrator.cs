using System.Globalization;
using System.Text.Json.Nodes;
using SdnCtl.Control.Appliances;
using SdnCtl.DataPlane.Appliances;
using SdnCtl.DataPlane.Network;
using SdnCtl.Nfv;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Nat;
using SdnCtl.Nfv.Routing;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// The controller's appliance orchestration carried out on a <see cref="SimulatedNetwork"/>: each
/// appliance's desired configuration (kind and typed options) is kept here, the running instance
/// lives in the network. Requests are serialised; each one either completes or changes nothing.
/// </summary>
internal sealed class SimulatedApplianceOrchestrator : IApplianceOrchestrator
{
    private readonly SimulatedNetwork _network;
    private readonly ApplianceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (IApplianceKind Kind, ApplianceOptions Options)> _desired = new(StringComparer.Ordinal);

    public SimulatedApplianceOrchestrator(SimulatedNetwork network, ApplianceRegistry? registry = null, TimeProvider? time = null)
    {
        _network = network;
        _registry = registry ?? ApplianceRegistry.CreateDefault();
        _time = time ?? network.Options.Clock ?? TimeProvider.System;
        ApplianceSpecBinder.Bind(network.Topology, _registry, out var bound);
        foreach (var b in bound)
        {
            _desired[b.Spec.Name] = (b.Kind, b.Options);
        }
    }

    public IReadOnlyList<ApplianceState> List() => [.. _network.Appliances.Select(State)];

    public ApplianceState? Get(string name) => _network.FindAppliance(name) is { } a ? State(a) : null;

    public async Task<ApplianceOutcome> CreateAsync(JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Bind(body, null, out var kind, out var options) is { } invalid)
            {
                return invalid;
            }

            if (_network.FindAppliance(options!.Name) is not null || _network.Inventory.FindHost(options.Name) is not null || _network.Inventory.FindSwitch(options.Name) is not null)
            {
                return ApplianceOutcome.Conflict($"the name '{options.Name}' is already used in the network", "name");
            }

            if (await StartAsync(kind!, options, cancellationToken).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            return new ApplianceOutcome(ApplianceOutcomeStatus.Created, ToJson(State(_network.FindAppliance(options.Name)!)));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ApplianceOutcome> ReplaceAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_network.FindAppliance(name) is not { } current || !_desired.TryGetValue(name, out var old))
            {
                return ApplianceOutcome.NotFound($"no appliance is named '{name}'");
            }

            if (Bind(body, name, out var kind, out var options) is { } invalid)
            {
                return invalid;
            }

            if (options!.Name != name)
            {
                return ApplianceOutcome.Invalid("name", $"'{options.Name}' differs from the appliance's name '{name}' in the path (an appliance cannot be renamed)");
            }

            await _network.RemoveApplianceAsync(name, cancellationToken).ConfigureAwait(false);
            if (await StartAsync(kind!, options, cancellationToken).ConfigureAwait(false) is { } failed)
            {
                // All or nothing: the old configuration goes back in (its ports were just freed).
                await _network.AddApplianceAsync(old.Kind.Create(old.Options, _time), cancellationToken).ConfigureAwait(false);
                _desired[name] = old;
                return failed;
            }

            _ = current;
            return ApplianceOutcome.Ok(ToJson(State(_network.FindAppliance(name)!)));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ApplianceOutcome> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await _network.RemoveApplianceAsync(name, cancellationToken).ConfigureAwait(false))
            {
                return ApplianceOutcome.NotFound($"no appliance is named '{name}'");
            }

            _desired.Remove(name);
            return ApplianceOutcome.Ok(null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ApplianceOutcome ReadSection(string name, string section)
    {
        if (_network.FindAppliance(name) is not { } hosted)
        {
            return ApplianceOutcome.NotFound($"no appliance is named '{name}'");
        }

        return (section, hosted.Kind) switch
        {
            ("rules", "firewall") => ApplianceOutcome.Ok(Rules(hosted)),
            ("routes", "router") => ApplianceOutcome.Ok(JsonSerializerNode(hosted.Use(a => ((RouterAppliance)a).GetRoutes()))),
            ("forwards", "nat") => ApplianceOutcome.Ok(JsonSerializerNode(((NatOptions)_desired[name].Options).Forwards)),
            ("translations", "nat") => ApplianceOutcome.Ok(Translations(hosted)),
            _ => ApplianceOutcome.NotFound($"appliance '{name}' is a {hosted.Kind}, which has no '{section}'"),
        };
    }

    public ApplianceOutcome ReplaceSection(string name, string section, JsonNode? body)
    {
        if (_network.FindAppliance(name) is not { } hosted)
        {
            return ApplianceOutcome.NotFound($"no appliance is named '{name}'");
        }

        if ((section, hosted.Kind) is not ("rules", "firewall"))
        {
            return ApplianceOutcome.NotFound($"appliance '{name}' is a {hosted.Kind}; only a firewall's rules are replaced as a whole");
        }

        return Guarded(() =>
        {
            var rules = ApplianceOptionsBinder.BindPart<List<FirewallRuleOptions>>(body?.ToJsonString() ?? "null", "rules");
            hosted.Use(a =>
            {
                ((FirewallAppliance)a).ReplaceRules(rules);
                return 0;
            });
            ((FirewallOptions)_desired[name].Options).Rules = rules;
            return ApplianceOutcome.Ok(Rules(hosted));
        });
    }

    public ApplianceOutcome AddToSection(string name, string section, JsonNode? body)
    {
        if (_network.FindAppliance(name) is not { } hosted)
        {
            return ApplianceOutcome.NotFound($"no appliance is named '{name}'");
        }

        string json = body?.ToJsonString() ?? "null";
        return (section, hosted.Kind) switch
        {
            ("routes", "router") => Guarded(() =>
            {
                var route = ApplianceOptionsBinder.BindPart<RouteOptions>(json, "route");
                if (!hosted.Use(a => ((RouterAppliance)a).AddRoute(route)))
                {
                    return ApplianceOutcome.Conflict($"{route.Destination} has a route already", "destination");
                }

                ((RouterOptions)_desired[name].Options).Routes.Add(route);
                return new ApplianceOutcome(ApplianceOutcomeStatus.Created, JsonSerializerNode(route));
            }),
            ("forwards", "nat") => Guarded(() =>
            {
                var forward = ApplianceOptionsBinder.BindPart<PortForwardOptions>(json, "forward");
                if (!hosted.Use(a => ((NatAppliance)a).AddForward(forward)))
                {
                    return ApplianceOutcome.Conflict($"{forward.Protocol} port {forward.ExternalPort} is forwarded or in use already", "externalPort");
                }

                ((NatOptions)_desired[name].Options).Forwards.Add(forward);
                return new ApplianceOutcome(ApplianceOutcomeStatus.Created, JsonSerializerNode(forward));
            }),
            _ => ApplianceOutcome.NotFound($"appliance '{name}' is a {hosted.Kind}; entries are added to a router's routes or a NAT's forwards"),
        };
    }

    public ApplianceOutcome RemoveFromSection(string name, string section, IReadOnlyDictionary<string, string?> key)
    {
        if (_network.FindAppliance(name) is not { } hosted)
        {
            return ApplianceOutcome.NotFound($"no appliance is named '{name}'");
        }

        switch (section, hosted.Kind)
        {
            case ("routes", "router"):
                string? destination = key.GetValueOrDefault("destination");
                if (string.IsNullOrEmpty(destination))
                {
                    return ApplianceOutcome.Invalid("destination", "the route's destination network is required (?destination=10.2.0.0/16)");
                }

                return Guarded(() =>
                {
                    if (!hosted.Use(a => ((RouterAppliance)a).RemoveRoute(destination)))
                    {
                        return ApplianceOutcome.NotFound($"appliance '{name}' has no static route to {destination}");
                    }

                    ((RouterOptions)_desired[name].Options).Routes.RemoveAll(r => Normalise(r.Destination) == Normalise(destination));
                    return ApplianceOutcome.Ok(null);
                });
            case ("forwards", "nat"):
                string? protocol = key.GetValueOrDefault("protocol");
                if (protocol?.ToUpperInvariant() is not ("TCP" or "UDP"))
                {
                    return ApplianceOutcome.Invalid("protocol", $"'{protocol}' is not tcp or udp");
                }

                if (!int.TryParse(key.GetValueOrDefault("externalPort"), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                {
                    return ApplianceOutcome.Invalid("externalPort", $"'{key.GetValueOrDefault("externalPort")}' is not a port 1–65535");
                }

                if (!hosted.Use(a => ((NatAppliance)a).RemoveForward(protocol, port)))
                {
                    return ApplianceOutcome.NotFound($"appliance '{name}' forwards no {protocol} port {port}");
                }

                ((NatOptions)_desired[name].Options).Forwards.RemoveAll(f => string.Equals(f.Protocol, protocol, StringComparison.OrdinalIgnoreCase) && f.ExternalPort == port);
                return ApplianceOutcome.Ok(null);
            default:
                return ApplianceOutcome.NotFound($"appliance '{name}' is a {hosted.Kind}; entries are removed from a router's routes or a NAT's forwards");
        }
    }

    private static string Normalise(string prefix) => prefix.Trim();

    /// <summary>Runs a change; option errors become a 400 naming each field, and nothing changed.</summary>
    private static ApplianceOutcome Guarded(Func<ApplianceOutcome> change)
    {
        try
        {
            return change();
        }
        catch (ApplianceOptionsException e)
        {
            return Invalid(e);
        }
    }

    private static ApplianceOutcome Invalid(ApplianceOptionsException e) =>
        new(ApplianceOutcomeStatus.Invalid, Errors: [.. e.Errors.Select(o => new ApplianceFieldError(o.Option, o.Message))], Detail: e.Message, Field: e.Errors.FirstOrDefault()?.Option);

    /// <summary>Finds the kind and binds the options of a create or replace body.</summary>
    private ApplianceOutcome? Bind(JsonObject body, string? existing, out IApplianceKind? kind, out ApplianceOptions? options)
    {
        kind = null;
        options = null;
        var copy = (JsonObject)body.DeepClone();
        string? kindName = copy["kind"] is JsonValue k && k.TryGetValue(out string? text) ? text : existing is not null ? _desired[existing].Kind.Name : null;
        string? assembly = copy["assembly"] is JsonValue a && a.TryGetValue(out string? asm) ? asm : null;
        copy.Remove("kind");
        copy.Remove("assembly");
        if (existing is not null && copy["name"] is null)
        {
            copy["name"] = existing;
        }

        if (string.IsNullOrWhiteSpace(kindName))
        {
            return ApplianceOutcome.Invalid("kind", "the appliance kind is required (firewall, router, nat, or a third-party kind with 'assembly')");
        }

        if (assembly is not null && !_registry.TryGetKind(kindName, out _))
        {
            try
            {
                _registry.LoadFrom(assembly);
            }
            catch (ApplianceLoadException e)
            {
                return ApplianceOutcome.Invalid("assembly", e.Message);
            }
        }

        if (!_registry.TryGetKind(kindName, out kind))
        {
            return ApplianceOutcome.Invalid("kind", $"unknown kind '{kindName}'; known kinds are {string.Join(", ", _registry.KindNames.Order(StringComparer.Ordinal))}");
        }

        try
        {
            options = ApplianceOptionsBinder.Bind(kind, copy.ToJsonString());
            return null;
        }
        catch (ApplianceOptionsException e)
        {
            return Invalid(e);
        }
    }

    /// <summary>Creates the appliance and cables it; on failure nothing runs and nothing is kept.</summary>
    private async Task<ApplianceOutcome?> StartAsync(IApplianceKind kind, ApplianceOptions options, CancellationToken cancellationToken)
    {
        NetworkAppliance appliance;
        try
        {
            appliance = kind.Create(options, _time);
        }
        catch (ApplianceOptionsException e)
        {
            return Invalid(e);
        }

        if (await _network.AddApplianceAsync(appliance, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            string field = problem.Split(':')[0];
            return problem.Contains("already", StringComparison.Ordinal)
                ? ApplianceOutcome.Conflict(problem, field)
                : ApplianceOutcome.Invalid(field, problem[(problem.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        }

        _desired[options.Name] = (kind, options);
        return null;
    }

    private ApplianceState State(HostedAppliance hosted)
    {
        var attachments = hosted.Attachments;
        var interfaces = hosted.Interfaces.Select((i, n) => new ApplianceInterfaceState(i.Name, i.MacText, i.Address?.ToString(), attachments[n])).ToList();
        JsonObject options = _desired.TryGetValue(hosted.Name, out var desired)
            ? JsonNode.Parse(ApplianceOptionsBinder.Write(desired.Options))!.AsObject()
            : [];
        var counters = hosted.GetCounters().GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        return new ApplianceState(hosted.Name, hosted.Kind, interfaces, options, counters);
    }

    private static JsonNode ToJson(ApplianceState state) => JsonSerializerNode(state);

    private static JsonNode JsonSerializerNode(object value) => JsonNode.Parse(ApplianceOptionsBinder.Write(value))!;

    private JsonNode Rules(HostedAppliance hosted)
    {
        var hits = hosted.Use(a => ((FirewallAppliance)a).GetRuleHits());
        var rules = ((FirewallOptions)_desired[hosted.Name].Options).Rules;
        var array = new JsonArray();
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = JsonSerializerNode(rules[i]).AsObject();
            rule["index"] = i;
            rule["hits"] = i < hits.Count ? hits[i].Hits : 0;
            array.Add(rule);
        }

        return array;
    }

    private static JsonNode Translations(HostedAppliance hosted)
    {
        var array = new JsonArray();
        foreach (var t in hosted.Use(a => ((NatAppliance)a).GetTranslations()))
        {
            array.Add(new JsonObject
            {
                ["protocol"] = t.Protocol,
                ["insideAddress"] = t.InsideAddress,
                ["insidePort"] = t.InsidePort,
                ["externalAddress"] = t.ExternalAddress,
                ["externalPort"] = t.ExternalPort,
                ["forward"] = t.IsForward,
                ["expiresInSeconds"] = t.ExpiresIn is { } left ? Math.Round(left.TotalSeconds, 1) : null,
            });
        }

        return array;
    }
}
