using System.Buffers.Binary;
using System.Diagnostics;
using SdnCtl.Topology.Appliances;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;
using SdnCtl.Topology.Yaml;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// Checks what needs the whole file — names, datapath ids, MACs and addresses unique; link and
/// host ends on existing, unused ports — fills in defaults, and builds the document.
/// </summary>
/// <remarks>
/// Every check runs even after earlier ones failed, so one load reports every problem. A
/// declaration whose own value was malformed (already reported by its section) is skipped by
/// the checks that would need that value, so one typo yields one error, not a cascade.
/// </remarks>
internal sealed class TopologyAssembler
{
    private readonly ErrorCollector _errors;
    // Values are the declarations themselves; their ToString describes them, and is only
    // called for an error, so that a 55,000-link fat-tree formats no strings when it is valid.
    private readonly Dictionary<string, object> _nodeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SwitchDeclaration> _switches = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, SwitchDeclaration> _datapathIds = [];
    private readonly Dictionary<PortRef, object> _portUsers = [];
    private readonly Dictionary<ulong, HostDeclaration> _macs = [];
    private readonly Dictionary<uint, HostDeclaration> _ipv4s = [];
    private readonly HashSet<string> _hostNames = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, ApplianceInterfaceDeclaration> _applianceMacs = [];

    // Hosts sharing an address: allowed only when they sit in different tenant segments (two
    // VirtualBox NAT VMs are both 10.0.2.15, each behind a NAT of its own), so judged after tenants.
    private readonly List<(HostDeclaration Host, HostDeclaration Other)> _sameAddress = [];

    private TopologyAssembler(ErrorCollector errors)
    {
        _errors = errors;
    }

    /// <returns>The document, or null when this or an earlier stage reported an error.</returns>
    public static TopologyDocument? Assemble(TopologyDraft draft, ErrorCollector errors, string? sourcePath)
    {
        if (draft is { Generated: { } only, Switches.Count: 0, Links.Count: 0, Hosts.Count: 0, Appliances.Count: 0 })
        {
            // A generated network is valid by construction (its tests check the invariants), so
            // with nothing added to it there is nothing to cross-check.
            if (draft.Tenants.Count == 0)
            {
                return errors.Count > 0 || draft.Name is null ? null : only.Network with { Name = draft.Name, SourcePath = sourcePath };
            }
        }

        List<SwitchDeclaration> switches = [];
        List<LinkDeclaration> links = [];
        List<HostDeclaration> hosts = [];
        if (draft.Generated is { } generated)
        {
            AddGenerated(generated, switches, links, hosts);
        }

        switches.AddRange(draft.Switches);
        links.AddRange(draft.Links);
        hosts.AddRange(draft.Hosts);

        var assembler = new TopologyAssembler(errors);
        List<SwitchDeclaration> acceptedSwitches = assembler.CheckSwitches(switches);
        assembler.AssignDatapathIds(acceptedSwitches);
        assembler._hostNames.UnionWith(hosts.Select(h => h.Name));
        assembler.CheckLinks(links);
        List<HostDeclaration> acceptedHosts = assembler.CheckHosts(hosts);
        List<ApplianceDeclaration> acceptedAppliances = assembler.CheckAppliances(draft.Appliances);
        assembler.AssignMacs(acceptedHosts);

        if (errors.Count > 0 || draft.Name is null)
        {
            return null;
        }

        var document = new TopologyDocument(
            draft.Name,
            sourcePath,
            [.. acceptedSwitches.Select(s => s.Generated ?? new SwitchSpec(s.Name, s.DatapathId!.Value, s.Ports!.ToSpecs(s.Name)) { Vtep = s.Vtep })],
            [.. links.Select(l => l.Generated ?? new LinkSpec(l.A!.Value, l.B!.Value, l.BandwidthMbps, l.LatencyMs))],
            [.. acceptedHosts.Select(h => h.Generated ?? new HostSpec(h.Name, h.Mac!.Value, Ipv4Text.ToIPAddress(h.Ipv4!.Value), h.PrefixLength, h.Attachment!.Value)
            {
                Gateway = h.Gateway is { } gw ? Ipv4Text.ToIPAddress(gw) : null,
                ListenTcp = h.ListenTcp,
            })]);
        IReadOnlyList<TenantSpec> tenants = draft.Tenants.Count == 0 ? [] : TenantChecks.Check(draft.Tenants, document, errors);
        tenants = AddApplianceMembers(acceptedAppliances, tenants, errors);
        foreach (ApplianceDeclaration a in acceptedAppliances.Where(a => a.Tenant is { } t && !tenants.Any(d => d.Name == t)))
        {
            errors.Report(a.TenantPosition, $"appliance '{a.Name}' belongs to tenant '{a.Tenant}', which this file does not declare");
        }

        assembler.CheckSameAddresses(document, tenants);
        if (errors.Count > 0)
        {
            return null;
        }

        ApplianceSpec[] appliances = [.. acceptedAppliances.Select(a => new ApplianceSpec(
            a.Name,
            a.Kind,
            a.Assembly,
            [.. a.Interfaces.Select(i => new ApplianceInterfaceSpec(i.Name, i.Mac!.Value, i.Address, i.Attachment!.Value) { Segment = i.Segment })],
            a.OptionsJson) { Source = a.Source, Tenant = a.Tenant })];
        return document with { Tenants = tenants, Appliances = appliances };
    }

    /// <summary>An interface with <c>segment:</c> makes its port an access port of that segment, as a <c>port:</c> member would.</summary>
    private static IReadOnlyList<TenantSpec> AddApplianceMembers(List<ApplianceDeclaration> appliances, IReadOnlyList<TenantSpec> tenants, ErrorCollector errors)
    {
        var result = tenants.Select(t => t with { Segments = [.. t.Segments.Select(s => s with { Members = new List<MemberSpec>(s.Members) })] }).ToList();
        foreach (ApplianceInterfaceDeclaration i in appliances.SelectMany(a => a.Interfaces))
        {
            if (i.Segment is not { } written || i.Attachment is not { } port)
            {
                continue;
            }

            string[] parts = written.Split('/');
            TenantSpec? tenant = result.FirstOrDefault(t => t.Name == parts[0]);
            SegmentSpec? segment = tenant?.Segments.FirstOrDefault(s => s.Name == parts[1]);
            if (tenant is null || segment is null)
            {
                string known = string.Join(", ", result.SelectMany(t => t.Segments.Select(s => $"{t.Name}/{s.Name}")));
                errors.Report(i.SegmentPosition, $"{i}: there is no tenant segment '{written}'{(known.Length == 0 ? " (the file declares no tenants)" : $"; segments are: {known}")}");
                continue;
            }

            MemberSpec member = MemberSpec.ForPort(port);
            if (TenantRules.FindMemberConflict(result, tenant.Name, segment.Name, member) is { } problem)
            {
                errors.Report(i.SegmentPosition, $"{i}: {problem}");
                continue;
            }

            ((List<MemberSpec>)segment.Members).Add(member);
        }

        return result;
    }

    private void CheckSameAddresses(TopologyDocument document, IReadOnlyList<TenantSpec> tenants)
    {
        if (_sameAddress.Count == 0)
        {
            return;
        }

        var byPort = new Dictionary<PortRef, SegmentSpec>();
        var byMac = new Dictionary<ulong, SegmentSpec>();
        foreach (SegmentSpec s in tenants.SelectMany(t => t.Segments))
        {
            foreach (MemberSpec m in s.Members)
            {
                if (m.Kind == MemberKind.Port)
                {
                    byPort.TryAdd(m.Port, s);
                }
                else if (m.Kind == MemberKind.Mac)
                {
                    byMac.TryAdd(m.Mac, s);
                }
            }
        }

        SegmentSpec? SegmentOf(HostDeclaration h) =>
            document.FindHost(h.Name) is { } spec ? byPort.GetValueOrDefault(spec.Attachment) ?? byMac.GetValueOrDefault(spec.Mac) : null;

        foreach (var (host, other) in _sameAddress)
        {
            SegmentSpec? a = SegmentOf(host);
            SegmentSpec? b = SegmentOf(other);
            if (a is null || b is null || ReferenceEquals(a, b))
            {
                _errors.Report(host.Ipv4Position, $"IPv4 address {Ipv4Text.Format(host.Ipv4!.Value)} of host '{host.Name}' is already used by host '{other.Name}' {other.Origin} (an address may repeat only in different tenant segments)");
            }
        }
    }

    private List<ApplianceDeclaration> CheckAppliances(List<ApplianceDeclaration> appliances)
    {
        List<ApplianceDeclaration> accepted = new(appliances.Count);
        foreach (ApplianceDeclaration a in appliances)
        {
            if (!_nodeNames.TryAdd(a.Name, a))
            {
                _errors.Report(a.NamePosition, $"appliance name '{a.Name}' is already used by {_nodeNames[a.Name]}; switches, hosts and appliances share one set of names");
                continue;
            }

            bool complete = true;
            foreach (ApplianceInterfaceDeclaration i in a.Interfaces)
            {
                if (i.Mac is { } mac)
                {
                    if (_macs.TryGetValue(mac, out HostDeclaration? host))
                    {
                        _errors.Report(i.MacPosition, $"MAC {MacFormat.Format(mac)} of {i} is already used by host '{host.Name}' {host.Origin}");
                    }
                    else if (!_applianceMacs.TryAdd(mac, i))
                    {
                        _errors.Report(i.MacPosition, $"MAC {MacFormat.Format(mac)} of {i} is already used by {_applianceMacs[mac]}");
                    }
                }
                else
                {
                    complete = false;
                }

                if (i.Attachment is { } port)
                {
                    CheckPort(port, i.AttachmentPosition, i);
                }
                else
                {
                    complete = false;
                }
            }

            if (complete)
            {
                accepted.Add(a);
            }
        }

        return accepted;
    }

    private static void AddGenerated(GeneratedPart part, List<SwitchDeclaration> switches, List<LinkDeclaration> links, List<HostDeclaration> hosts)
    {
        string origin = part.Origin;
        foreach (SwitchSpec s in part.Network.Switches)
        {
            Debug.Assert(s.Ports.Select((p, i) => p.Number == i + 1).All(x => x), "generators number ports 1..n");
            switches.Add(new SwitchDeclaration
            {
                Name = s.Name,
                NamePosition = part.Position,
                Origin = origin,
                DatapathId = s.DatapathId,
                DatapathIdPosition = part.Position,
                Ports = PortTable.Contiguous(s.Ports.Count),
                Generated = s,
            });
        }

        foreach (LinkSpec l in part.Network.Links)
        {
            links.Add(new LinkDeclaration
            {
                A = l.A,
                APosition = part.Position,
                B = l.B,
                BPosition = part.Position,
                BandwidthMbps = l.BandwidthMbps,
                LatencyMs = l.LatencyMs,
                Position = part.Position,
                Origin = origin,
                Generated = l,
            });
        }

        Span<byte> address = stackalloc byte[4];
        foreach (HostSpec h in part.Network.Hosts)
        {
            bool written = h.Ipv4.TryWriteBytes(address, out _);
            Debug.Assert(written, "generators produce IPv4 addresses");
            hosts.Add(new HostDeclaration
            {
                Name = h.Name,
                NamePosition = part.Position,
                Origin = origin,
                Mac = h.Mac,
                MacPosition = part.Position,
                Ipv4 = BinaryPrimitives.ReadUInt32BigEndian(address),
                PrefixLength = h.PrefixLength,
                Ipv4Position = part.Position,
                Attachment = h.Attachment,
                AttachmentPosition = part.Position,
                Generated = h,
            });
        }
    }

    private List<SwitchDeclaration> CheckSwitches(List<SwitchDeclaration> switches)
    {
        List<SwitchDeclaration> accepted = new(switches.Count);
        foreach (SwitchDeclaration s in switches)
        {
            if (!_nodeNames.TryAdd(s.Name, s))
            {
                _errors.Report(s.NamePosition, $"duplicate switch name '{s.Name}': already used by {_nodeNames[s.Name]}");
                continue;
            }

            _switches.Add(s.Name, s);
            accepted.Add(s);
            if (s.DatapathId is { } dpid && !_datapathIds.TryAdd(dpid, s))
            {
                SwitchDeclaration other = _datapathIds[dpid];
                _errors.Report(s.DatapathIdPosition, $"datapath id {dpid} ({DatapathIdText.Format(dpid)}) of switch '{s.Name}' is already used by switch '{other.Name}' {other.Origin}");
            }
        }

        return accepted;
    }

    /// <summary>Gives each switch without a datapath id the lowest id no switch has, in declaration order.</summary>
    private void AssignDatapathIds(List<SwitchDeclaration> switches)
    {
        ulong next = 1;
        foreach (SwitchDeclaration s in switches)
        {
            if (s.DatapathId is not null || s.DatapathIdIsInvalid)
            {
                continue;
            }

            while (_datapathIds.ContainsKey(next))
            {
                next++;
            }

            s.DatapathId = next;
            _datapathIds.Add(next, s);
        }
    }

    private void CheckLinks(List<LinkDeclaration> links)
    {
        foreach (LinkDeclaration link in links)
        {
            if (link.A is { } a)
            {
                CheckPort(a, link.APosition, link);
            }

            if (link.B is { } b)
            {
                if (link.A == b)
                {
                    _errors.Report(link.BPosition, $"the link connects port {b} to itself; a link joins two different ports");
                }
                else
                {
                    CheckPort(b, link.BPosition, link);
                }
            }
        }
    }

    private List<HostDeclaration> CheckHosts(List<HostDeclaration> hosts)
    {
        List<HostDeclaration> accepted = new(hosts.Count);
        foreach (HostDeclaration h in hosts)
        {
            if (!_nodeNames.TryAdd(h.Name, h))
            {
                object existing = _nodeNames[h.Name];
                _errors.Report(h.NamePosition, existing is SwitchDeclaration
                    ? $"host name '{h.Name}' is already used by {existing}; switches and hosts share one set of names"
                    : $"duplicate host name '{h.Name}': already used by {existing}");
                continue;
            }

            accepted.Add(h);
            if (h.Mac is { } mac && !_macs.TryAdd(mac, h))
            {
                HostDeclaration other = _macs[mac];
                _errors.Report(h.MacPosition, $"MAC {MacFormat.Format(mac)} of host '{h.Name}' is already used by host '{other.Name}' {other.Origin}");
            }

            if (h.Ipv4 is { } ipv4 && !_ipv4s.TryAdd(ipv4, h))
            {
                _sameAddress.Add((h, _ipv4s[ipv4]));
            }

            if (h.Attachment is { } attachment)
            {
                CheckPort(attachment, h.AttachmentPosition, h);
            }
        }

        return accepted;
    }

    /// <summary>Gives each host without a MAC the lowest unused one from 00:00:00:00:00:01, in declaration order.</summary>
    private void AssignMacs(List<HostDeclaration> hosts)
    {
        ulong next = 1;
        foreach (HostDeclaration h in hosts)
        {
            if (h.Mac is not null || h.MacIsInvalid)
            {
                continue;
            }

            while (_macs.ContainsKey(next) || _applianceMacs.ContainsKey(next))
            {
                next++;
            }

            h.Mac = next;
            _macs.Add(next, h);
        }
    }

    /// <summary>Checks that <paramref name="port"/> exists and claims it for <paramref name="user"/>, a link or host declaration.</summary>
    private void CheckPort(PortRef port, TextPosition at, object user)
    {
        if (!_switches.TryGetValue(port.Switch, out SwitchDeclaration? owner))
        {
            if (_hostNames.Contains(port.Switch))
            {
                _errors.Report(at, $"'{port}' names host '{port.Switch}', not a switch; a host is cabled to a switch port with its own 'at' key");
            }
            else if (!_nodeNames.ContainsKey(port.Switch))
            {
                string? suggestion = KeySuggestions.Closest(port.Switch, _switches.Keys);
                string hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
                _errors.Report(at, $"'{port}' names unknown switch '{port.Switch}'{hint}");
            }

            return;
        }

        if (owner.Ports is not { } ports)
        {
            return;
        }

        if (!ports.Contains(port.Port))
        {
            _errors.Report(at, $"switch '{owner.Name}' has no port {port.Port} (its ports are {ports.Describe()})");
            return;
        }

        if (!_portUsers.TryAdd(port, user))
        {
            _errors.Report(at, $"port {port} is already used by {_portUsers[port]}");
        }
    }
}
