using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Topology.Values;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>hosts:</c> — a list of <c>{name, mac, ip, at}</c>. <c>mac</c> is optional (the lowest
/// unused MAC from 00:00:00:00:00:01 is assigned); <c>ip</c> is <c>a.b.c.d</c> or
/// <c>a.b.c.d/len</c> (default /8); <c>at</c> is the <c>switch:port</c> the host is cabled to.
/// </summary>
internal sealed class HostsSection : ITopologySection
{
    public static ImmutableArray<string> ItemKeys { get; } = ["name", "mac", "ip", "at"];

    public string Key => "hosts";

    public bool IsRequired => false;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (YamlScalars.IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode list)
        {
            errors.Report(value, $"'hosts' must be a list of hosts, but found {YamlScalars.Describe(value)}");
            return;
        }

        foreach (YamlNode item in list)
        {
            if (draft.Hosts.Count >= TopologyLimits.MaxHosts)
            {
                errors.Report(item, string.Create(CultureInfo.InvariantCulture, $"too many hosts: a topology may hold at most {TopologyLimits.MaxHosts:N0}"));
                return;
            }

            if (ReadHost(item, errors) is { } host)
            {
                draft.Hosts.Add(host);
            }
        }
    }

    private static HostDeclaration? ReadHost(YamlNode item, ErrorCollector errors)
    {
        if (item is not YamlMappingNode map)
        {
            errors.Report(item, $"a host must be a mapping with keys name, mac, ip and at, but found {YamlScalars.Describe(item)}");
            return null;
        }

        var reader = new MappingReader(map, "host", ItemKeys, errors);
        string? name = null;
        TextPosition namePosition = reader.Position;
        if (reader.Required("name") is { } nameNode && YamlScalars.TryGetText(nameNode, "a host name", "text", errors, out string? text))
        {
            name = text;
            namePosition = TextPosition.Of(nameNode);
            if (!TopologyNames.IsValid(text))
            {
                errors.Report(nameNode, TopologyNames.Problem("host", YamlScalars.Shorten(text)));
            }

            reader.Subject = $"host '{YamlScalars.Shorten(text)}'";
        }

        reader.ReportUnknownKeys();

        ulong? mac = null;
        bool macIsInvalid = false;
        TextPosition macPosition = default;
        if (reader.Optional("mac") is { } macNode)
        {
            macPosition = TextPosition.Of(macNode);
            mac = ReadMac(macNode, errors);
            macIsInvalid = mac is null;
        }

        uint? ipv4 = null;
        int prefixLength = 0;
        TextPosition ipv4Position = reader.Position;
        if (reader.Required("ip") is { } ipNode)
        {
            ipv4Position = TextPosition.Of(ipNode);
            if (YamlScalars.TryGetText(ipNode, "'ip'", "an IPv4 address like 10.0.0.1/24", errors, out string? ipText))
            {
                if (Ipv4Text.TryParseHostAddress(ipText, out uint address, out prefixLength, out string? problem))
                {
                    ipv4 = address;
                }
                else
                {
                    errors.Report(ipNode, problem);
                }
            }
        }

        YamlNode? atNode = reader.Required("at");
        PortRef? attachment = LinksSection.ReadPortRef(atNode, "'at'", errors);
        if (name is null)
        {
            return null;
        }

        return new HostDeclaration
        {
            Name = name,
            NamePosition = namePosition,
            Origin = string.Create(CultureInfo.InvariantCulture, $"at line {reader.Position.Line}"),
            Mac = mac,
            MacIsInvalid = macIsInvalid,
            MacPosition = macPosition,
            Ipv4 = ipv4,
            PrefixLength = prefixLength,
            Ipv4Position = ipv4Position,
            Attachment = attachment,
            AttachmentPosition = atNode is null ? reader.Position : TextPosition.Of(atNode),
        };
    }

    internal static ulong? ReadMac(YamlNode node, ErrorCollector errors)
    {
        if (!YamlScalars.TryGetText(node, "'mac'", "a MAC address like 00:00:00:00:00:01", errors, out string? text))
        {
            return null;
        }

        if (!MacFormat.TryParse(text, out ulong mac))
        {
            errors.Report(node, $"'{YamlScalars.Shorten(text)}' is not a MAC address: write six hex octets like 00:00:00:00:00:01");
            return null;
        }

        string? problem = mac switch
        {
            MacFormat.MaxValue => $"MAC {MacFormat.Format(mac)} is the broadcast address; a host needs a unicast MAC",
            0 => $"MAC {MacFormat.Format(mac)} is all zeros, which no interface may have",
            _ when MacFormat.IsGroupAddress(mac) => $"MAC {MacFormat.Format(mac)} is a multicast address (the low bit of its first octet is set); a host needs a unicast MAC",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Report(node, problem);
            return null;
        }

        return mac;
    }
}
