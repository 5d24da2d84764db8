using System.Buffers.Binary;
using System.Diagnostics;
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

    private TopologyAssembler(ErrorCollector errors)
    {
        _errors = errors;
    }

    /// <returns>The document, or null when this or an earlier stage reported an error.</returns>
    public static TopologyDocument? Assemble(TopologyDraft draft, ErrorCollector errors, string? sourcePath)
    {
        if (draft is { Generated: { } only, Switches.Count: 0, Links.Count: 0, Hosts.Count: 0 })
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
            [.. acceptedHosts.Select(h => h.Generated ?? new HostSpec(h.Name, h.Mac!.Value, Ipv4Text.ToIPAddress(h.Ipv4!.Value), h.PrefixLength, h.Attachment!.Value))]);
        if (draft.Tenants.Count == 0)
        {
            return document;
        }

        IReadOnlyList<TenantSpec> tenants = TenantChecks.Check(draft.Tenants, document, errors);
        return errors.Count > 0 ? null : document with { Tenants = tenants };
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
                HostDeclaration other = _ipv4s[ipv4];
                _errors.Report(h.Ipv4Position, $"IPv4 address {Ipv4Text.Format(ipv4)} of host '{h.Name}' is already used by host '{other.Name}' {other.Origin}");
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

            while (_macs.ContainsKey(next))
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
