using System.Reflection;
using System.Text.RegularExpressions;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Nat;
using SdnCtl.Nfv.Routing;

namespace SdnCtl.Nfv;

/// <summary>
/// The appliance kinds known by name. Built-in kinds come from <see cref="CreateDefault"/>;
/// a third-party kind is a public class implementing <see cref="IApplianceKind"/> with a public
/// parameterless constructor in an assembly loaded by name with <see cref="LoadFrom(string)"/>.
/// </summary>
public sealed partial class ApplianceRegistry
{
    private readonly Dictionary<string, IApplianceKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-in firewall, router and NAT.</summary>
    public static ApplianceRegistry CreateDefault()
    {
        var registry = new ApplianceRegistry();
        registry.Register(new FirewallKind());
        registry.Register(new RouterKind());
        registry.Register(new NatKind());
        return registry;
    }

    /// <summary>The registered kinds, by name.</summary>
    public IReadOnlyCollection<string> KindNames => _kinds.Keys;

    /// <summary>Adds a kind.</summary>
    /// <exception cref="ArgumentException">The name is not lower-case-with-dashes, or is already registered.</exception>
    public void Register(IApplianceKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.Name is null || !KindNamePattern().IsMatch(kind.Name))
        {
            throw new ArgumentException($"Appliance kind name '{kind.Name}' must be lower-case words joined by '-'.", nameof(kind));
        }

        if (!typeof(ApplianceOptions).IsAssignableFrom(kind.OptionsType) || kind.OptionsType.IsAbstract)
        {
            throw new ArgumentException($"Appliance kind '{kind.Name}' has options type {kind.OptionsType} that is not a concrete ApplianceOptions.", nameof(kind));
        }

        if (!_kinds.TryAdd(kind.Name, kind))
        {
            throw new ArgumentException($"Appliance kind '{kind.Name}' is already registered (by {_kinds[kind.Name].GetType().FullName}).", nameof(kind));
        }
    }

    /// <summary>Finds a kind by name.</summary>
    public bool TryGetKind(string name, out IApplianceKind kind) => _kinds.TryGetValue(name, out kind!);

    /// <summary>Finds a kind by name.</summary>
    /// <exception cref="KeyNotFoundException">No such kind; the message lists the known ones.</exception>
    public IApplianceKind GetKind(string name) =>
        _kinds.TryGetValue(name, out IApplianceKind? kind)
            ? kind
            : throw new KeyNotFoundException($"Unknown appliance kind '{name}'; known kinds: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>
    /// Loads an assembly by name (e.g. <c>Contoso.Appliances</c>, as written in the topology YAML)
    /// and registers every appliance kind it contains.
    /// </summary>
    /// <returns>The names of the kinds added.</returns>
    /// <exception cref="ApplianceLoadException">The assembly is missing, cannot load, has no kinds, or a kind clashes.</exception>
    public IReadOnlyList<string> LoadFrom(string assemblyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyName);
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException)
        {
            throw new ApplianceLoadException($"Appliance assembly '{assemblyName}' could not be loaded: {e.Message}", e);
        }

        return LoadFrom(assembly);
    }

    /// <summary>Registers every appliance kind in <paramref name="assembly"/>.</summary>
    /// <exception cref="ApplianceLoadException">It has no kinds, or a kind cannot be created or clashes.</exception>
    public IReadOnlyList<string> LoadFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var kinds = new List<IApplianceKind>();
        foreach (Type type in assembly.GetExportedTypes())
        {
            if (type.IsAbstract || type.IsInterface || !typeof(IApplianceKind).IsAssignableFrom(type))
            {
                continue;
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new ApplianceLoadException($"Appliance kind {type.FullName} in '{assembly.GetName().Name}' needs a public parameterless constructor.");
            }

            kinds.Add((IApplianceKind)Activator.CreateInstance(type)!);
        }

        if (kinds.Count == 0)
        {
            throw new ApplianceLoadException($"Assembly '{assembly.GetName().Name}' has no public IApplianceKind implementation.");
        }

        // Check every kind before adding any, so a bad assembly leaves the registry unchanged.
        foreach (IApplianceKind kind in kinds)
        {
            if (_kinds.ContainsKey(kind.Name ?? ""))
            {
                throw new ApplianceLoadException($"Appliance kind '{kind.Name}' from '{assembly.GetName().Name}' is already registered.");
            }
        }

        var added = new List<string>();
        try
        {
            foreach (IApplianceKind kind in kinds)
            {
                Register(kind);
                added.Add(kind.Name);
            }
        }
        catch (ArgumentException e)
        {
            foreach (string name in added)
            {
                _kinds.Remove(name);
            }

            throw new ApplianceLoadException(e.Message, e);
        }

        return added;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KindNamePattern();
}
