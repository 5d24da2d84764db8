using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>tenants:</c> — a list of <c>{name, segments}</c>; each segment is
/// <c>{name, vlan | vxlan, subnet, priority, members}</c>, and each member one of
/// <c>port: s1:2</c>, <c>mac: 00:00:00:00:00:01</c>, <c>host: h1</c> (that host's MAC) or
/// <c>subnet: 10.1.0.0/24</c>. Ranges are checked here; conflicts and references in the assembler.
/// </summary>
internal sealed class TenantsSection : ITopologySection
{
    public static ImmutableArray<string> TenantKeys { get; } = ["name", "segments", "rateLimitMbps", "burstKbits"];

    public static ImmutableArray<string> SegmentKeys { get; } = ["name", "vlan", "vxlan", "subnet", "priority", "members"];

    public static ImmutableArray<string> MemberKeys { get; } = ["port", "mac", "host", "subnet"];

    public string Key => "tenants";

    public bool IsRequired => false;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (YamlScalars.IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode list)
        {
            errors.Report(value, $"'tenants' must be a list of tenants, but found {YamlScalars.Describe(value)}");
            return;
        }

        foreach (YamlNode item in list)
        {
            if (ReadTenant(item, errors) is { } tenant)
            {
                draft.Tenants.Add(tenant);
            }
        }
    }

    private static TenantDeclaration? ReadTenant(YamlNode item, ErrorCollector errors)
    {
        if (item is not YamlMappingNode map)
        {
            errors.Report(item, $"a tenant must be a mapping with keys name and segments, but found {YamlScalars.Describe(item)}");
            return null;
        }

        var reader = new MappingReader(map, "tenant", TenantKeys, errors);
        string? name = ReadName(reader, "tenant", errors, out TextPosition namePosition);
        reader.ReportUnknownKeys();
        if (name is null)
        {
            return null;
        }

        var tenant = new TenantDeclaration { Name = name, NamePosition = namePosition, RateLimit = ReadRateLimit(reader, name, errors) };
        if (reader.Optional("segments") is { } segments && !YamlScalars.IsNull(segments))
        {
            if (segments is not YamlSequenceNode segmentList)
            {
                errors.Report(segments, $"'segments' of tenant '{name}' must be a list, but found {YamlScalars.Describe(segments)}");
                return tenant;
            }

            foreach (YamlNode s in segmentList)
            {
                if (ReadSegment(s, name, errors) is { } segment)
                {
                    tenant.Segments.Add(segment);
                }
            }
        }

        return tenant;
    }

    private static TenantRateLimit? ReadRateLimit(MappingReader reader, string tenant, ErrorCollector errors)
    {
        YamlNode? rateNode = reader.Optional("rateLimitMbps");
        YamlNode? burstNode = reader.Optional("burstKbits");
        if (rateNode is null || YamlScalars.IsNull(rateNode))
        {
            if (burstNode is not null)
            {
                errors.Report(burstNode, $"'burstKbits' of tenant '{tenant}' needs 'rateLimitMbps'");
            }

            return null;
        }

        if (!YamlScalars.TryGetInteger(rateNode, "rateLimitMbps", errors, out int rate))
        {
            return null;
        }

        int burst = 0;
        if (burstNode is not null && !YamlScalars.TryGetInteger(burstNode, "burstKbits", errors, out burst))
        {
            return null;
        }

        if (TenantRateLimit.Check(rate, burst) is { } problem)
        {
            errors.Report(TenantRateLimit.Check(rate, 0) is null && burstNode is not null ? burstNode : rateNode, problem);
            return null;
        }

        return new TenantRateLimit((uint)rate, (uint)burst);
    }

    private static SegmentDeclaration? ReadSegment(YamlNode item, string tenant, ErrorCollector errors)
    {
        if (item is not YamlMappingNode map)
        {
            errors.Report(item, $"a segment of tenant '{tenant}' must be a mapping with keys {string.Join(", ", SegmentKeys)}, but found {YamlScalars.Describe(item)}");
            return null;
        }

        var reader = new MappingReader(map, $"a segment of tenant '{tenant}'", SegmentKeys, errors);
        string? name = ReadName(reader, "segment", errors, out _);
        reader.ReportUnknownKeys();

        YamlNode? vlan = reader.Optional("vlan");
        YamlNode? vxlan = reader.Optional("vxlan");
        SegmentKind kind = SegmentKind.Vlan;
        uint? id = null;
        if (vlan is not null && vxlan is not null)
        {
            errors.Report(vxlan, $"{reader.Subject} has both 'vlan' and 'vxlan'; a segment is one or the other");
        }
        else if (vlan is null && vxlan is null)
        {
            errors.Report(reader.Position, $"{reader.Subject} needs 'vlan: VID' (1–4094) or 'vxlan: VNI' (1–16777215)");
        }
        else
        {
            kind = vlan is null ? SegmentKind.Vxlan : SegmentKind.Vlan;
            YamlNode node = vlan ?? vxlan!;
            if (YamlScalars.TryGetInteger(node, kind == SegmentKind.Vlan ? "VLAN id" : "VNI", errors, out int raw))
            {
                if (TenantRules.CheckId(kind, raw) is { } problem)
                {
                    errors.Report(node, problem);
                }
                else
                {
                    id = (uint)raw;
                }
            }
        }

        Ipv4Prefix? subnet = null;
        if (reader.Optional("subnet") is { } subnetNode)
        {
            subnet = ReadSubnet(subnetNode, "'subnet'", errors);
        }

        byte priority = 0;
        if (reader.Optional("priority") is { } priorityNode && YamlScalars.TryGetInteger(priorityNode, "priority", errors, out int pcp))
        {
            if (TenantRules.CheckPriority(pcp) is { } problem)
            {
                errors.Report(priorityNode, problem);
            }
            else
            {
                priority = (byte)pcp;
            }
        }

        if (name is null || id is null)
        {
            return null;
        }

        var segment = new SegmentDeclaration
        {
            Name = name,
            Position = reader.Position,
            Kind = kind,
            Id = id.Value,
            Subnet = subnet,
            Priority = priority,
        };
        if (reader.Optional("members") is { } members && !YamlScalars.IsNull(members))
        {
            if (members is not YamlSequenceNode memberList)
            {
                errors.Report(members, $"'members' of segment '{name}' must be a list, but found {YamlScalars.Describe(members)}");
            }
            else
            {
                foreach (YamlNode m in memberList)
                {
                    if (ReadMember(m, name, errors) is { } member)
                    {
                        segment.Members.Add(member);
                    }
                }
            }
        }

        return segment;
    }

    private static MemberDeclaration? ReadMember(YamlNode item, string segment, ErrorCollector errors)
    {
        if (item is not YamlMappingNode { Children.Count: 1 } map)
        {
            errors.Report(item, $"a member of segment '{segment}' must be one of port: s1:2, mac: MAC, host: NAME or subnet: a.b.c.d/len, but found {YamlScalars.Describe(item)}");
            return null;
        }

        var reader = new MappingReader(map, $"a member of segment '{segment}'", MemberKeys, errors);
        reader.ReportUnknownKeys();
        if (reader.Optional("port") is { } portNode)
        {
            return LinksSection.ReadPortRef(portNode, "'port'", errors) is { } port
                ? new MemberDeclaration { Position = TextPosition.Of(portNode), Member = MemberSpec.ForPort(port) }
                : null;
        }

        if (reader.Optional("mac") is { } macNode)
        {
            return HostsSection.ReadMac(macNode, errors) is { } mac
                ? new MemberDeclaration { Position = TextPosition.Of(macNode), Member = MemberSpec.ForMac(mac) }
                : null;
        }

        if (reader.Optional("host") is { } hostNode)
        {
            return YamlScalars.TryGetText(hostNode, "'host'", "a host name", errors, out string? host)
                ? new MemberDeclaration { Position = TextPosition.Of(hostNode), HostName = host }
                : null;
        }

        if (reader.Optional("subnet") is { } subnetNode)
        {
            return ReadSubnet(subnetNode, "'subnet'", errors) is { } subnet
                ? new MemberDeclaration { Position = TextPosition.Of(subnetNode), Member = MemberSpec.ForSubnet(subnet) }
                : null;
        }

        return null;
    }

    private static string? ReadName(MappingReader reader, string what, ErrorCollector errors, out TextPosition position)
    {
        position = reader.Position;
        if (reader.Required("name") is not { } node || !YamlScalars.TryGetText(node, $"a {what} name", "text", errors, out string? text))
        {
            return null;
        }

        position = TextPosition.Of(node);
        if (!TopologyNames.IsValid(text))
        {
            errors.Report(node, TopologyNames.Problem(what, YamlScalars.Shorten(text)));
            return null;
        }

        reader.Subject = string.Create(CultureInfo.InvariantCulture, $"{what} '{text}'");
        return text;
    }

    private static Ipv4Prefix? ReadSubnet(YamlNode node, string what, ErrorCollector errors)
    {
        if (!YamlScalars.TryGetText(node, what, "a subnet like 10.1.0.0/24", errors, out string? text))
        {
            return null;
        }

        if (!Ipv4Prefix.TryParse(text, out Ipv4Prefix prefix, out string? problem))
        {
            errors.Report(node, problem);
            return null;
        }

        return prefix;
    }
}
