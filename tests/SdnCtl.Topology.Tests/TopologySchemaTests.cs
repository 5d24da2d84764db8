using System.Text.Json;
using SdnCtl.Topology.Loading;
using SdnCtl.Topology.Tests.TestSupport;

namespace SdnCtl.Topology.Tests;

/// <summary>Keeps topologies/schema.json in step with what the loader accepts.</summary>
public class TopologySchemaTests
{
    private static readonly Lazy<JsonElement> Schema = new(() =>
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Topologies, "schema.json")));
        return document.RootElement.Clone();
    });

    [Fact]
    public void Schema_IsDraft202012WithATitleAndDescription()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.Value.GetProperty("$schema").GetString());
        Assert.False(string.IsNullOrWhiteSpace(Schema.Value.GetProperty("description").GetString()));
        Assert.False(Schema.Value.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_TopLevelProperties_AreExactlyTheLoadersSections()
    {
        Assert.Equal(Sorted(TopologySections.Keys), PropertyNames(Schema.Value));
    }

    [Fact]
    public void Schema_RequiredTopLevelKeys_AreTheLoadersRequiredSections()
    {
        string[] required = [.. Schema.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];

        Assert.Equal(Sorted(TopologySections.All.Where(s => s.IsRequired).Select(s => s.Key)), required);
    }

    [Fact]
    public void Schema_ItemProperties_AreExactlyTheLoadersKeys()
    {
        JsonElement defs = Schema.Value.GetProperty("$defs");

        Assert.Equal(Sorted(SwitchesSection.ItemKeys), PropertyNames(defs.GetProperty("switch")));
        Assert.Equal(Sorted(HostsSection.ItemKeys), PropertyNames(defs.GetProperty("host")));
        JsonElement linkObject = defs.GetProperty("link").GetProperty("oneOf").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "object");
        Assert.Equal(Sorted(LinksSection.ItemKeys), PropertyNames(linkObject));
        JsonElement portObject = defs.GetProperty("switch").GetProperty("properties").GetProperty("ports").GetProperty("oneOf")
            .EnumerateArray().Single(e => e.GetProperty("type").GetString() == "array")
            .GetProperty("items").GetProperty("oneOf").EnumerateArray().Single(e => e.TryGetProperty("properties", out _));
        Assert.Equal(Sorted(SwitchesSection.PortKeys), PropertyNames(portObject));
        Assert.Equal(Sorted(AppliancesSection.ItemKeys), PropertyNames(defs.GetProperty("appliance")));
        Assert.Equal(Sorted(AppliancesSection.InterfaceKeys), PropertyNames(defs.GetProperty("applianceInterface")));
    }

    [Fact]
    public void Schema_Generators_AreExactlyTheLoadersGeneratorsAndParameters()
    {
        JsonElement generate = Schema.Value.GetProperty("$defs").GetProperty("generate");

        Assert.Equal(Sorted(GenerateSection.GeneratorNames), PropertyNames(generate));
        foreach (GeneratorDefinition generator in GeneratorDefinition.All)
        {
            JsonElement definition = generate.GetProperty("properties").GetProperty(generator.Name);
            Assert.Equal(Sorted(generator.AllKeys), PropertyNames(definition));
            string[] required = [.. definition.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];
            Assert.Equal(Sorted(generator.Parameters), required);
        }
    }

    [Fact]
    public void Schema_EveryProperty_HasADescription()
    {
        var missing = new List<string>();
        Walk(Schema.Value, "#", missing);

        Assert.Empty(missing);
    }

    private static void Walk(JsonElement element, string path, List<string> missing)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (element.TryGetProperty("properties", out JsonElement properties))
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                // A $ref to a described definition is described by it.
                bool described = property.Value.TryGetProperty("description", out _) || property.Value.TryGetProperty("$ref", out _);
                if (!described)
                {
                    missing.Add($"{path}/properties/{property.Name}");
                }
            }
        }

        foreach (JsonProperty child in element.EnumerateObject())
        {
            if (child.Value.ValueKind == JsonValueKind.Object)
            {
                Walk(child.Value, $"{path}/{child.Name}", missing);
            }
            else if (child.Value.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement item in child.Value.EnumerateArray())
                {
                    Walk(item, $"{path}/{child.Name}/{i++}", missing);
                }
            }
        }
    }

    private static string[] PropertyNames(JsonElement objectSchema) =>
        [.. objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static string[] Sorted(IEnumerable<string> keys) => [.. keys.Order(StringComparer.Ordinal)];
}
