using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SdnCtl.Topology.Appliances;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>appliances:</c> — virtual appliances hosted by the simulator, each
/// <c>{name, kind, assembly, tenant, interfaces: [{name, mac, ip, at, segment}], options}</c>
/// (<c>tenant</c>: the tenant that owns it; absent, it is the admin's). The shape and
/// the interfaces' MACs and ports are checked here; the kind and its <c>options</c> are checked by
/// the appliance registry, which gets the options as JSON and reports through the positions kept
/// in <see cref="ApplianceSource"/>.
/// </summary>
internal sealed class AppliancesSection : ITopologySection
{
    public static ImmutableArray<string> ItemKeys { get; } = ["name", "kind", "assembly", "tenant", "interfaces", "options"];

    public static ImmutableArray<string> InterfaceKeys { get; } = ["name", "mac", "ip", "at", "segment"];

    public string Key => "appliances";

    public bool IsRequired => false;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (YamlScalars.IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode list)
        {
            errors.Report(value, $"'appliances' must be a list of appliances, but found {YamlScalars.Describe(value)}");
            return;
        }

        foreach (YamlNode item in list)
        {
            if (ReadAppliance(item, errors) is { } appliance)
            {
                draft.Appliances.Add(appliance);
            }
        }
    }

    private static ApplianceDeclaration? ReadAppliance(YamlNode item, ErrorCollector errors)
    {
        if (item is not YamlMappingNode map)
        {
            errors.Report(item, $"an appliance must be a mapping with keys {string.Join(", ", ItemKeys)}, but found {YamlScalars.Describe(item)}");
            return null;
        }

        var positions = new Dictionary<string, (int Line, int Column)>(StringComparer.Ordinal);
        var reader = new MappingReader(map, "appliance", ItemKeys, errors);
        string? name = null;
        TextPosition namePosition = reader.Position;
        if (reader.Required("name") is { } nameNode && YamlScalars.TryGetText(nameNode, "an appliance name", "text", errors, out string? text))
        {
            name = text;
            namePosition = TextPosition.Of(nameNode);
            Remember(positions, "name", nameNode);
            if (!TopologyNames.IsValid(text))
            {
                errors.Report(nameNode, TopologyNames.Problem("appliance", YamlScalars.Shorten(text)));
            }

            reader.Subject = $"appliance '{YamlScalars.Shorten(text)}'";
        }

        reader.ReportUnknownKeys();
        string? kind = null;
        if (reader.Required("kind") is { } kindNode && YamlScalars.TryGetText(kindNode, "'kind'", "an appliance kind like firewall, router or nat", errors, out string? kindText))
        {
            kind = kindText;
            Remember(positions, "kind", kindNode);
        }

        string? assembly = null;
        if (reader.Optional("assembly") is { } assemblyNode && YamlScalars.TryGetText(assemblyNode, "'assembly'", "an assembly name like Contoso.Appliances", errors, out string? assemblyText))
        {
            assembly = assemblyText;
            Remember(positions, "assembly", assemblyNode);
        }

        string? tenant = null;
        TextPosition tenantPosition = reader.Position;
        if (reader.Optional("tenant") is { } tenantNode && YamlScalars.TryGetText(tenantNode, "'tenant'", "the name of a tenant of this file", errors, out string? tenantText))
        {
            tenant = tenantText;
            tenantPosition = TextPosition.Of(tenantNode);
        }

        var interfaces = new List<ApplianceInterfaceDeclaration>();
        if (reader.Required("interfaces") is { } interfacesNode)
        {
            Remember(positions, "interfaces", interfacesNode);
            if (interfacesNode is not YamlSequenceNode interfaceList)
            {
                errors.Report(interfacesNode, $"'interfaces' must be a list of interfaces, but found {YamlScalars.Describe(interfacesNode)}");
            }
            else
            {
                int index = 0;
                foreach (YamlNode interfaceNode in interfaceList)
                {
                    string at = string.Create(CultureInfo.InvariantCulture, $"interfaces[{index++}]");
                    if (ReadInterface(interfaceNode, at, name ?? "?", positions, errors) is { } iface)
                    {
                        interfaces.Add(iface);
                    }
                }
            }
        }

        string optionsJson = "{}";
        if (reader.Optional("options") is { } optionsNode && !YamlScalars.IsNull(optionsNode))
        {
            positions["$"] = Position(optionsNode);
            if (optionsNode is not YamlMappingNode)
            {
                errors.Report(optionsNode, $"'options' must be a mapping of the kind's options, but found {YamlScalars.Describe(optionsNode)}");
            }
            else
            {
                optionsJson = ToJson(optionsNode, positions);
            }
        }

        if (name is null || kind is null)
        {
            return null;
        }

        TextPosition start = reader.Position;
        return new ApplianceDeclaration
        {
            Name = name,
            NamePosition = namePosition,
            Kind = kind,
            Assembly = assembly,
            Tenant = tenant,
            TenantPosition = tenantPosition,
            Interfaces = interfaces,
            OptionsJson = optionsJson,
            Source = new ApplianceSource(errors.File, start.Line, start.Column, positions),
        };
    }

    private static ApplianceInterfaceDeclaration? ReadInterface(YamlNode node, string path, string owner, Dictionary<string, (int, int)> positions, ErrorCollector errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Report(node, $"an appliance interface must be a mapping with keys {string.Join(", ", InterfaceKeys)}, but found {YamlScalars.Describe(node)}");
            return null;
        }

        Remember(positions, path, node);
        var reader = new MappingReader(map, $"an interface of appliance '{YamlScalars.Shorten(owner)}'", InterfaceKeys, errors);
        reader.ReportUnknownKeys();
        string? name = null;
        if (reader.Required("name") is { } nameNode && YamlScalars.TryGetText(nameNode, "an interface name", "text", errors, out string? text))
        {
            name = text;
            Remember(positions, path + ".name", nameNode);
        }

        ulong? mac = null;
        TextPosition macPosition = reader.Position;
        if (reader.Required("mac") is { } macNode)
        {
            macPosition = TextPosition.Of(macNode);
            Remember(positions, path + ".mac", macNode);
            mac = HostsSection.ReadMac(macNode, errors);
        }

        string? address = null;
        if (reader.Optional("ip") is { } ipNode && YamlScalars.TryGetText(ipNode, "'ip'", "an IPv4 address with prefix like 10.0.0.1/24", errors, out string? ipText))
        {
            address = ipText;
            Remember(positions, path + ".address", ipNode);
        }

        YamlNode? atNode = reader.Required("at");
        PortRef? attachment = LinksSection.ReadPortRef(atNode, "'at'", errors);
        if (atNode is not null)
        {
            Remember(positions, path + ".attachment", atNode);
        }

        string? segment = null;
        TextPosition segmentPosition = default;
        if (reader.Optional("segment") is { } segmentNode && YamlScalars.TryGetText(segmentNode, "'segment'", "a tenant segment written 'tenant/segment'", errors, out string? segmentText))
        {
            segmentPosition = TextPosition.Of(segmentNode);
            if (segmentText.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                errors.Report(segmentNode, $"'segment' {YamlScalars.Shorten(segmentText)} must be written 'tenant/segment'");
            }
            else
            {
                segment = segmentText;
            }
        }

        return name is null
            ? null
            : new ApplianceInterfaceDeclaration
            {
                Name = name,
                Mac = mac,
                MacPosition = macPosition,
                Address = address,
                Attachment = attachment,
                AttachmentPosition = atNode is null ? reader.Position : TextPosition.Of(atNode),
                Segment = segment,
                SegmentPosition = segmentPosition,
                Owner = $"appliance '{owner}'",
            };
    }

    /// <summary>
    /// The options as JSON for the kind's options binder: mappings as objects, lists as arrays,
    /// plain <c>true</c>/<c>false</c>/null as JSON literals and every other scalar as a string (the
    /// binder reads numbers from strings, so <c>80</c> fits an integer option and a port-range text
    /// alike). Each value's position is kept under its option path.
    /// </summary>
    private static string ToJson(YamlNode node, Dictionary<string, (int Line, int Column)> positions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node, "", positions);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, string path, Dictionary<string, (int Line, int Column)> positions)
    {
        if (path.Length > 0)
        {
            Remember(positions, path, node);
        }

        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    string name = (key as YamlScalarNode)?.Value ?? "";
                    writer.WritePropertyName(name);
                    Write(writer, value, path.Length == 0 ? name : $"{path}.{name}", positions);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode list:
                writer.WriteStartArray();
                int i = 0;
                foreach (YamlNode item in list)
                {
                    Write(writer, item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), positions);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar when YamlScalars.IsNull(scalar):
                writer.WriteNullValue();
                break;
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } flag:
                writer.WriteBooleanValue(flag.Value == "true");
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void Remember(Dictionary<string, (int Line, int Column)> positions, string path, YamlNode node) => positions[path] = Position(node);

    private static (int Line, int Column) Position(YamlNode node)
    {
        TextPosition at = TextPosition.Of(node);
        return (at.Line, at.Column);
    }
}
