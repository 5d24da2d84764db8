using System.Text.Json;
using System.Text.Json.Nodes;
using SdnCtl.Topology;
using SdnCtl.Topology.Appliances;

namespace SdnCtl.Nfv;

/// <summary>
/// Turns the appliances of a topology file into typed, validated options: loads third-party
/// assemblies, finds each kind, binds its options with <see cref="ApplianceOptionsBinder"/> and
/// places every problem (unknown kind, unloadable assembly, each bad option) at the file, line and
/// column where it was written.
/// </summary>
public static class ApplianceSpecBinder
{
    /// <summary>Binds every appliance of <paramref name="document"/>.</summary>
    /// <param name="document">The loaded topology.</param>
    /// <param name="registry">Kinds to bind against; third-party assemblies named in the file are loaded into it.</param>
    /// <param name="bound">The appliances whose options are valid, in declaration order.</param>
    /// <returns>Every problem found; empty when all appliances bound.</returns>
    public static IReadOnlyList<TopologyError> Bind(TopologyDocument document, ApplianceRegistry registry, out IReadOnlyList<BoundAppliance> bound)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(registry);
        var errors = new List<TopologyError>();
        var result = new List<BoundAppliance>(document.Appliances.Count);
        foreach (ApplianceSpec spec in document.Appliances)
        {
            ApplianceSource source = spec.Source ?? new ApplianceSource(document.SourcePath ?? document.Name, 0, 0, new Dictionary<string, (int, int)>());
            if (spec.Assembly is { } assembly && !registry.TryGetKind(spec.Kind, out _))
            {
                try
                {
                    registry.LoadFrom(assembly);
                }
                catch (ApplianceLoadException e)
                {
                    errors.Add(source.ErrorAt("assembly", $"appliance '{spec.Name}': {e.Message}"));
                    continue;
                }
            }

            if (!registry.TryGetKind(spec.Kind, out IApplianceKind? kind))
            {
                string known = string.Join(", ", registry.KindNames.Order(StringComparer.Ordinal));
                errors.Add(source.ErrorAt("kind", $"appliance '{spec.Name}': unknown kind '{spec.Kind}'; known kinds are {known}{(spec.Assembly is null ? " (a third-party kind needs 'assembly:')" : "")}"));
                continue;
            }

            try
            {
                ApplianceOptions options = ApplianceOptionsBinder.Bind(kind, ToJson(spec));
                result.Add(new BoundAppliance(spec, kind, options));
            }
            catch (ApplianceOptionsException e)
            {
                errors.AddRange(e.Errors.Select(o => source.ErrorAt(o.Option, $"appliance '{spec.Name}' ({kind.Name}): {o.Option}: {o.Message}")));
            }
        }

        bound = result;
        return errors;
    }

    /// <summary>The options document the kind binds: the kind's options plus the name and interfaces.</summary>
    public static string ToJson(ApplianceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = JsonNode.Parse(spec.OptionsJson) as JsonObject ?? [];
        options["name"] = spec.Name;
        var interfaces = new JsonArray();
        foreach (ApplianceInterfaceSpec i in spec.Interfaces)
        {
            interfaces.Add(new JsonObject
            {
                ["name"] = i.Name,
                ["mac"] = MacFormat.Format(i.Mac),
                ["address"] = i.Address,
                ["attachment"] = i.Attachment.ToString(),
            });
        }

        options["interfaces"] = interfaces;
        return options.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
