using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Yaml;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// Cross-checks the <c>tenants:</c> section against the assembled network: member ports exist and
/// are host ports (not inter-switch links), <c>host:</c> names a host, tenant and segment names
/// are unique, and the conflict rules of <see cref="TenantRules"/> (VID/VNI reuse, access port
/// claimed twice, overlapping subnets in a tenant) hold, each reported where it was written.
/// </summary>
internal static class TenantChecks
{
    public static IReadOnlyList<TenantSpec> Check(List<TenantDeclaration> declared, TopologyDocument document, ErrorCollector errors)
    {
        var linkPorts = new HashSet<PortRef>();
        foreach (LinkSpec link in document.Links)
        {
            linkPorts.Add(link.A);
            linkPorts.Add(link.B);
        }

        var accepted = new List<TenantSpec>(declared.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TenantDeclaration t in declared)
        {
            if (!names.Add(t.Name))
            {
                errors.Report(t.NamePosition, $"duplicate tenant name '{t.Name}'");
                continue;
            }

            var segments = new List<SegmentSpec>(t.Segments.Count);
            var tenant = new TenantSpec(t.Name, segments) { RateLimit = t.RateLimit };
            accepted.Add(tenant);
            var segmentNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (SegmentDeclaration s in t.Segments)
            {
                if (!segmentNames.Add(s.Name))
                {
                    errors.Report(s.Position, $"duplicate segment name '{s.Name}' in tenant '{t.Name}'");
                    continue;
                }

                var segment = new SegmentSpec(s.Name, s.Kind, s.Id, s.Subnet, s.Priority, []);
                if (TenantRules.FindSegmentConflict(accepted, t.Name, segment) is { } conflict)
                {
                    errors.Report(s.Position, $"segment '{s.Name}' of tenant '{t.Name}': {conflict}");
                    continue;
                }

                var members = new List<MemberSpec>(s.Members.Count);
                segments.Add(segment with { Members = members });
                foreach (MemberDeclaration m in s.Members)
                {
                    MemberSpec? member = Resolve(m, document, linkPorts, errors);
                    if (member is null)
                    {
                        continue;
                    }

                    if (TenantRules.FindMemberConflict(accepted, t.Name, s.Name, member) is { } problem)
                    {
                        errors.Report(m.Position, problem);
                        continue;
                    }

                    members.Add(member);
                }
            }
        }

        return accepted;
    }

    private static MemberSpec? Resolve(MemberDeclaration m, TopologyDocument document, HashSet<PortRef> linkPorts, ErrorCollector errors)
    {
        if (m.HostName is { } hostName)
        {
            if (document.FindHost(hostName) is { } host)
            {
                return MemberSpec.ForMac(host.Mac);
            }

            string? suggestion = KeySuggestions.Closest(hostName, document.Hosts.Select(h => h.Name).ToList());
            errors.Report(m.Position, $"'{hostName}' is not a host{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}");
            return null;
        }

        MemberSpec member = m.Member!;
        if (member.Kind != MemberKind.Port)
        {
            return member;
        }

        PortRef port = member.Port;
        if (document.FindSwitch(port.Switch) is not { } sw)
        {
            errors.Report(m.Position, $"'{port}' names unknown switch '{port.Switch}'");
            return null;
        }

        if (!sw.Ports.Any(p => p.Number == port.Port))
        {
            errors.Report(m.Position, $"switch '{sw.Name}' has no port {port.Port}");
            return null;
        }

        if (linkPorts.Contains(port))
        {
            errors.Report(m.Position, $"port {port} is an inter-switch link, which is a trunk; only a host port can be an access port");
            return null;
        }

        return member;
    }
}
