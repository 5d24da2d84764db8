using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>switches:</c> — a list of <c>{name, dpid, ports}</c>. <c>dpid</c> is optional (the lowest
/// unused id is assigned); <c>ports</c> is a count (ports 1..n), or a list of port numbers or
/// <c>{number, name}</c> mappings.
/// </summary>
internal sealed class SwitchesSection : ITopologySection
{
    /// <summary>OpenFlow's port name field is 16 bytes with a terminating NUL, as is Linux's IFNAMSIZ.</summary>
    public const int MaxPortNameLength = 15;

    public static ImmutableArray<string> ItemKeys { get; } = ["name", "dpid", "ports", "vtep"];

    public static ImmutableArray<string> VtepKeys { get; } = ["ip", "uplink"];

    public static ImmutableArray<string> PortKeys { get; } = ["number", "name"];

    public string Key => "switches";

    public bool IsRequired => false;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (YamlScalars.IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode list)
        {
            errors.Report(value, $"'switches' must be a list of switches, but found {YamlScalars.Describe(value)}");
            return;
        }

        long totalPorts = 0;
        var vtepLines = new Dictionary<uint, int>();
        foreach (YamlNode item in list)
        {
            if (draft.Switches.Count >= TopologyLimits.MaxSwitches)
            {
                errors.Report(item, string.Create(CultureInfo.InvariantCulture, $"too many switches: a topology may hold at most {TopologyLimits.MaxSwitches:N0}"));
                return;
            }

            SwitchDeclaration? declaration = ReadSwitch(item, errors);
            if (declaration is null)
            {
                continue;
            }

            if (declaration.Vtep is { } vtep && !vtepLines.TryAdd(vtep.Address, declaration.VtepPosition.Line))
            {
                errors.Report(declaration.VtepPosition, string.Create(CultureInfo.InvariantCulture, $"VTEP address {Ipv4Text.Format(vtep.Address)} of switch '{declaration.Name}' is already the VTEP address of the switch at line {vtepLines[vtep.Address]}"));
            }

            // Aliases let a few characters repeat a large port list; this keeps that from exhausting memory.
            totalPorts += declaration.Ports?.Count ?? 0;
            if (totalPorts > TopologyLimits.MaxTotalPorts)
            {
                errors.Report(item, string.Create(CultureInfo.InvariantCulture, $"too many ports: the switches of a topology may have at most {TopologyLimits.MaxTotalPorts:N0} in all"));
                return;
            }

            draft.Switches.Add(declaration);
        }
    }

    private static SwitchDeclaration? ReadSwitch(YamlNode item, ErrorCollector errors)
    {
        if (item is not YamlMappingNode map)
        {
            errors.Report(item, $"a switch must be a mapping with keys name, dpid and ports, but found {YamlScalars.Describe(item)}");
            return null;
        }

        var reader = new MappingReader(map, "switch", ItemKeys, errors);
        string? name = null;
        TextPosition namePosition = reader.Position;
        if (reader.Required("name") is { } nameNode && YamlScalars.TryGetText(nameNode, "a switch name", "text", errors, out string? text))
        {
            name = text;
            namePosition = TextPosition.Of(nameNode);
            if (!TopologyNames.IsValid(text))
            {
                errors.Report(nameNode, TopologyNames.Problem("switch", YamlScalars.Shorten(text)));
            }

            reader.Subject = $"switch '{YamlScalars.Shorten(text)}'";
        }

        reader.ReportUnknownKeys();

        ulong? dpid = null;
        bool dpidIsInvalid = false;
        TextPosition dpidPosition = default;
        if (reader.Optional("dpid") is { } dpidNode)
        {
            dpidPosition = TextPosition.Of(dpidNode);
            dpidIsInvalid = true;
            if (YamlScalars.TryGetText(dpidNode, "'dpid'", "an integer or eight hex octets like 00:00:00:00:00:00:00:01", errors, out string? dpidText))
            {
                if (DatapathIdText.TryParse(dpidText, out ulong parsed, out string? problem))
                {
                    dpid = parsed;
                    dpidIsInvalid = false;
                }
                else
                {
                    errors.Report(dpidNode, problem);
                }
            }
        }

        PortTable? ports = reader.Required("ports") is { } portsNode ? ReadPorts(portsNode, name, reader.Subject, errors) : null;
        YamlNode? vtepNode = reader.Optional("vtep");
        VtepSpec? vtep = vtepNode is null ? null : ReadVtep(vtepNode, ports, reader.Subject, errors);
        if (name is null)
        {
            return null;
        }

        return new SwitchDeclaration
        {
            Name = name,
            NamePosition = namePosition,
            Origin = string.Create(CultureInfo.InvariantCulture, $"at line {reader.Position.Line}"),
            DatapathId = dpid,
            DatapathIdIsInvalid = dpidIsInvalid,
            DatapathIdPosition = dpidPosition,
            Ports = ports,
            Vtep = vtep,
            VtepPosition = vtepNode is null ? default : TextPosition.Of(vtepNode),
        };
    }

    /// <summary><c>vtep: {ip: 192.168.0.11, uplink: 1}</c>: the underlay address and the port the encapsulated frames use.</summary>
    private static VtepSpec? ReadVtep(YamlNode node, PortTable? ports, string subject, ErrorCollector errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Report(node, $"'vtep' of {subject} must be a mapping with keys ip and uplink, but found {YamlScalars.Describe(node)}");
            return null;
        }

        var reader = new MappingReader(map, "vtep", VtepKeys, errors);
        reader.ReportUnknownKeys();
        uint? address = null;
        if (reader.Required("ip") is { } ipNode && YamlScalars.TryGetText(ipNode, "a VTEP address", "an IPv4 address like 192.168.0.11", errors, out string? ipText))
        {
            if (Ipv4Text.TryParseDottedQuad(ipText, out uint parsed) && parsed != 0 && (parsed >> 28) is not (14 or 15) && (parsed >> 24) != 127)
            {
                address = parsed;
            }
            else
            {
                errors.Report(ipNode, $"VTEP address '{YamlScalars.Shorten(ipText)}' of {subject} is not a unicast IPv4 address like 192.168.0.11");
            }
        }

        uint? uplink = null;
        if (reader.Required("uplink") is { } uplinkNode && TryReadPortNumber(uplinkNode, errors, out uint number))
        {
            if (ports is not null && !ports.Contains(number))
            {
                errors.Report(uplinkNode, string.Create(CultureInfo.InvariantCulture, $"VTEP uplink {number} is not a port of {subject} (it has {ports.Describe()})"));
            }
            else
            {
                uplink = number;
            }
        }

        return address is { } a && uplink is { } u ? new VtepSpec(a, u) : null;
    }

    private static PortTable? ReadPorts(YamlNode node, string? switchName, string subject, ErrorCollector errors)
    {
        const string Expected = "a port count, a list of port numbers, or a list of {number, name} mappings";
        if (node is YamlSequenceNode list)
        {
            return ReadPortList(list, switchName, subject, errors);
        }

        if (node is not YamlScalarNode { Value: { } text } || YamlScalars.IsNull(node))
        {
            errors.Report(node, $"'ports' must be {Expected}, but found {YamlScalars.Describe(node)}");
            return null;
        }

        switch (IntegerText.TryParse(text, out ulong count))
        {
            case IntegerParseStatus.Ok when count is >= 1 and <= TopologyLimits.MaxPortsPerSwitch:
                return PortTable.Contiguous((int)count);
            case IntegerParseStatus.Invalid:
                errors.Report(node, $"'ports' must be {Expected}, but found {YamlScalars.Describe(node)}");
                return null;
            default:
                errors.Report(node, $"port count {YamlScalars.Shorten(text)} is outside 1–{TopologyLimits.MaxPortsPerSwitch}");
                return null;
        }
    }

    private static PortTable? ReadPortList(YamlSequenceNode list, string? switchName, string subject, ErrorCollector errors)
    {
        if (list.Children.Count == 0)
        {
            errors.Report(list, $"{subject} needs at least one port, but 'ports' is an empty list");
            return null;
        }

        if (list.Children.Count > TopologyLimits.MaxPortsPerSwitch)
        {
            errors.Report(list, string.Create(CultureInfo.InvariantCulture, $"{subject} lists {list.Children.Count} ports; a switch may have at most {TopologyLimits.MaxPortsPerSwitch}"));
            return null;
        }

        var ports = new Dictionary<uint, string?>();
        var numberLines = new Dictionary<uint, int>();
        var nameLines = new Dictionary<string, int>(StringComparer.Ordinal);
        bool valid = true;
        foreach (YamlNode entry in list)
        {
            YamlNode? numberNode;
            YamlNode? nameNode = null;
            if (entry is YamlMappingNode map)
            {
                var reader = new MappingReader(map, "port", PortKeys, errors);
                reader.ReportUnknownKeys();
                numberNode = reader.Required("number");
                nameNode = reader.Optional("name");
            }
            else if (entry is YamlScalarNode && !YamlScalars.IsNull(entry))
            {
                numberNode = entry;
            }
            else
            {
                errors.Report(entry, $"each entry of 'ports' must be a port number or a {{number, name}} mapping, but found {YamlScalars.Describe(entry)}");
                valid = false;
                continue;
            }

            if (numberNode is null || !TryReadPortNumber(numberNode, errors, out uint number))
            {
                valid = false;
                continue;
            }

            int line = TextPosition.Of(numberNode).Line;
            if (!numberLines.TryAdd(number, line))
            {
                errors.Report(numberNode, string.Create(CultureInfo.InvariantCulture, $"port {number} is listed twice in {subject} (first at line {numberLines[number]})"));
                valid = false;
                continue;
            }

            string? portName = null;
            if (nameNode is not null)
            {
                if (!TryReadPortName(nameNode, errors, out portName))
                {
                    valid = false;
                    continue;
                }
            }

            // Unnamed ports get the default name, which must not clash with a name given to another port.
            string? effectiveName = portName ?? (switchName is null ? null : PortSpec.DefaultName(switchName, number));
            if (effectiveName is not null && !nameLines.TryAdd(effectiveName, line))
            {
                errors.Report(nameNode ?? numberNode, string.Create(CultureInfo.InvariantCulture, $"port name '{effectiveName}' is used twice in {subject} (first at line {nameLines[effectiveName]})"));
                valid = false;
                continue;
            }

            ports.Add(number, portName);
        }

        return valid ? PortTable.Explicit(ports) : null;
    }

    private static bool TryReadPortNumber(YamlNode node, ErrorCollector errors, out uint number)
    {
        number = 0;
        if (!YamlScalars.TryGetText(node, "a port number", "an integer", errors, out string? text))
        {
            return false;
        }

        switch (IntegerText.TryParse(text, out ulong value))
        {
            case IntegerParseStatus.Ok when value is >= 1 and <= PortSpec.MaxNumber:
                number = (uint)value;
                return true;
            case IntegerParseStatus.Invalid:
                errors.Report(node, $"a port number must be an integer, but found {YamlScalars.Describe(node)}");
                return false;
            default:
                errors.Report(node, string.Create(CultureInfo.InvariantCulture, $"port number {YamlScalars.Shorten(text)} is outside 1–{PortSpec.MaxNumber}"));
                return false;
        }
    }

    private static bool TryReadPortName(YamlNode node, ErrorCollector errors, out string? name)
    {
        name = null;
        if (!YamlScalars.TryGetText(node, "a port name", "text", errors, out string? text))
        {
            return false;
        }

        if (text.Length is 0 or > MaxPortNameLength || text.Any(c => c is <= ' ' or > '~'))
        {
            errors.Report(node, $"port name '{YamlScalars.Shorten(text)}' is not valid: use 1–{MaxPortNameLength} printable ASCII characters without spaces (OpenFlow's limit)");
            return false;
        }

        name = text;
        return true;
    }
}
