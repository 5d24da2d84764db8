using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Topology.Values;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>hosts:</c> — a list of <c>{name, mac, ip, at, gateway, listen}</c>. <c>mac</c> is optional (the lowest
/// unused MAC from 00:00:00:00:00:01 is assigned); <c>ip</c> is <c>a.b.c.d</c> or
/// <c>a.b.c.d/len</c> (default /8); <c>at</c> is the <c>switch:port</c> the host is cabled to;
/// <c>gateway</c> (optional) is the next hop off its subnet, on its subnet; <c>listen</c> (optional)
/// lists the TCP ports it accepts connections on.
/// </summary>
internal sealed class HostsSection : ITopologySection
{
    public static ImmutableArray<string> ItemKeys { get; } = ["name", "mac", "ip", "at", "gateway", "listen"];

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
        uint? gateway = reader.Optional("gateway") is { } gatewayNode ? ReadGateway(gatewayNode, ipv4, prefixLength, errors) : null;
        IReadOnlyList<ushort> listen = reader.Optional("listen") is { } listenNode ? ReadPorts(listenNode, errors) : [];
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
            Gateway = gateway,
            ListenTcp = listen,
        };
    }

    private static uint? ReadGateway(YamlNode node, uint? ipv4, int prefixLength, ErrorCollector errors)
    {
        if (!YamlScalars.TryGetText(node, "'gateway'", "an IPv4 address like 10.0.0.254", errors, out string? text))
        {
            return null;
        }

        if (!Ipv4Text.TryParseDottedQuad(text, out uint gateway))
        {
            errors.Report(node, $"'gateway' {YamlScalars.Shorten(text)} is not an IPv4 address like 10.0.0.254");
            return null;
        }

        if (ipv4 is { } own)
        {
            uint mask = prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
            if (gateway == own || (gateway & mask) != (own & mask))
            {
                errors.Report(node, $"gateway {Ipv4Text.Format(gateway)} is not another address on the host's subnet {Ipv4Text.Format(own & mask)}/{prefixLength}");
                return null;
            }
        }

        return gateway;
    }

    private static ushort[] ReadPorts(YamlNode node, ErrorCollector errors)
    {
        if (node is not YamlSequenceNode list)
        {
            errors.Report(node, $"'listen' must be a list of TCP ports like [22, 80], but found {YamlScalars.Describe(node)}");
            return [];
        }

        var ports = new List<ushort>(list.Children.Count);
        foreach (YamlNode item in list)
        {
            if (!YamlScalars.TryGetInteger(item, "a listening port", errors, out int port))
            {
                continue;
            }

            if (port is < 1 or > 65535)
            {
                errors.Report(item, string.Create(CultureInfo.InvariantCulture, $"listening port {port} is not 1–65535"));
            }
            else if (ports.Contains((ushort)port))
            {
                errors.Report(item, string.Create(CultureInfo.InvariantCulture, $"listening port {port} is listed twice"));
            }
            else
            {
                ports.Add((ushort)port);
            }
        }

        return [.. ports];
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
