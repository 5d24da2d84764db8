using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using SdnCtl.Control.Core;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// The tenant application on the control loop: keeps the switches' tenant rules equal to what
/// <see cref="TenantFlowCompiler"/> makes of the policy, the topology and the known hosts. Each
/// segment is recompiled only when its resolved inputs change, and each switch gets only the
/// difference (ADD for new or changed rules, strict DELETE for rules that went), so changing one
/// segment never touches another's rules.
/// </summary>
/// <remarks>
/// Hook into the rest of the control plane, and nothing more: packet-ins from, to or about a
/// segment member are the tenant application's (<see cref="TryHandlePacketIn"/>), and reactive
/// forwarding's floods skip ports that belong to a segment (<see cref="IsMemberPort"/>). Hosts
/// in no segment are forwarded exactly as without tenants.
/// </remarks>
internal sealed class TenantNetworking
{
    private readonly byte _classifyTable;
    private readonly byte _segmentTable;
    private readonly Dictionary<string, uint> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<ulong, List<TenantRule>>> _segmentRules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Dictionary<string, TenantRule>> _installed = [];
    private readonly TenantMeters _meters = new();
    private readonly HashSet<ulong> _awaitingMeters = [];
    private Dictionary<ulong, List<TenantRule>> _trunkRules = [];
    private Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> _adjacency = [];
    private VxlanFabric _fabric = VxlanFabric.None;
    private Dictionary<string, SegmentPlan> _plans = new(StringComparer.Ordinal);
    private HashSet<SwitchPort> _memberPorts = [];
    private Dictionary<ulong, SwitchPort> _memberHosts = [];
    private HashSet<uint> _memberIps = [];
    private string _topologyFingerprint = string.Empty;
    private long _compiledVersion = -1;
    private bool _dirty;
    private uint _nextNumber = 1;

    public TenantNetworking(ControllerOptions options, IReadOnlyList<TenantSpec>? tenants)
    {
        _classifyTable = options.TableId;
        _segmentTable = checked((byte)(options.TableId + 1));
        Directory = new TenantDirectory(tenants);
        _dirty = Directory.Tenants.Length > 0;
    }

    public TenantDirectory Directory { get; }

    /// <summary>Tenant rules believed installed, over all switches.</summary>
    public int RuleCount => _installed.Values.Sum(r => r.Count);

    /// <summary>Tenant rules believed installed on <paramref name="dpid"/>.</summary>
    public IReadOnlyCollection<TenantRule> RulesOn(ulong dpid) =>
        _installed.TryGetValue(dpid, out var rules) ? rules.Values : [];

    /// <summary>Tenant meters believed installed on <paramref name="dpid"/>: meter id → rate limit.</summary>
    public IReadOnlyDictionary<uint, TenantRateLimit?> MetersOn(ulong dpid) => _meters.On(dpid);

    /// <summary>Switches whose tenant rules wait for their meters to be read back.</summary>
    public int AwaitingMeterReads => _awaitingMeters.Count;

    /// <summary>The meter id of a rate-limited tenant, or 0.</summary>
    public uint MeterOf(string tenant) => Directory.Find(tenant) is { } t ? _meters.IdOf(t) : 0;

    /// <summary>The cookie number of a segment (stable for the segment's life in this process).</summary>
    public uint? NumberOf(string tenant, string segment) =>
        _numbers.TryGetValue(SegmentKey(tenant, segment), out uint n) ? n : null;

    public static string SegmentKey(string tenant, string segment) => tenant + "/" + segment;

    /// <summary>The segment table (after the classification table): where a frame tagged with its segment is forwarded.</summary>
    public byte SegmentTable => _segmentTable;

    /// <summary>Every segment as last resolved (members against the known hosts), by <see cref="SegmentKey"/>; read on the loop.</summary>
    public IReadOnlyDictionary<string, SegmentPlan> Plans => _plans;

    /// <summary>The policy changed: recompile at the next <see cref="Refresh"/>.</summary>
    public void MarkDirty() => _dirty = true;

    /// <summary>True when reactive forwarding must not flood out of <paramref name="port"/>: it is an access port or a member host's port.</summary>
    public bool IsMemberPort(SwitchPort port) => _memberPorts.Contains(port);

    /// <summary>True when a tenant segment owns traffic from <paramref name="at"/> between these hosts (as <see cref="TryHandlePacketIn"/> would claim a unicast IPv4 packet-in).</summary>
    public bool Claims(SwitchPort at, ulong source, ulong destination) =>
        _memberHosts.ContainsKey(source) || _memberPorts.Contains(at) || _memberHosts.ContainsKey(destination);

    /// <summary>False when no tenant exists and none left rules behind: <see cref="TryHandlePacketIn"/> then claims nothing.</summary>
    public bool IsActive => Directory.Tenants.Length > 0 || _installed.Count > 0;

    /// <summary>
    /// A (re)connected switch: what it holds is not known to be ours; the next refresh compiles its
    /// rules again, and the control plane reconciles them with what the switch reports holding
    /// (<see cref="RulesOn"/>). Returns true when the switch's meters must be read first (some tenant
    /// is rate-limited): its tenant rules wait, since they point at meters, until
    /// <see cref="OnMetersRead"/> brings the meters to the desired state without touching those already right.
    /// </summary>
    public bool OnSwitchConnected(SwitchEntry sw)
    {
        _installed.Remove(sw.DatapathId);
        _meters.Forget(sw.DatapathId);
        _awaitingMeters.Remove(sw.DatapathId);

        // Without tenants a switch gets exactly what it got before tenants existed.
        if (Directory.Tenants.Length == 0)
        {
            return false;
        }

        _dirty = true;
        if (Directory.Tenants.Any(t => t.RateLimit is not null))
        {
            _awaitingMeters.Add(sw.DatapathId);
            return true;
        }

        return false;
    }

    /// <summary>
    /// For a switch whose flows could not be read: deletes every tenant rule it may hold (by cookie),
    /// so that the rules sent after it are the only ones.
    /// </summary>
    public void DeleteAllOn(ulong dpid, Outbox outbox)
    {
        if (Directory.Tenants.Length == 0)
        {
            return;
        }

        foreach (byte table in (ReadOnlySpan<byte>)[_classifyTable, _segmentTable])
        {
            outbox.Send(dpid, new FlowMod
            {
                Command = FlowModCommand.Delete,
                TableId = table,
                Cookie = TenantCookies.Application,
                CookieMask = Forwarding.FlowCookies.ApplicationMask,
            });
        }
    }

    /// <summary>
    /// The meters <paramref name="sw"/> reported after connecting (null when it could not say: no
    /// meter support, or the read failed; it is then treated as having none). Sends only the difference:
    /// missing meters added, ours that drifted modified, strays deleted; then the switch's tenant rules.
    /// </summary>
    public void OnMetersRead(NetworkState state, SwitchEntry sw, IReadOnlyList<MeterConfigEntry>? reported, Outbox outbox)
    {
        if (!_awaitingMeters.Remove(sw.DatapathId))
        {
            return;
        }

        _meters.Adopt(sw.DatapathId, reported ?? []);
        Refresh(state, outbox);
        Sync(state, sw.DatapathId, outbox);
    }

    /// <summary>
    /// Claims a packet-in that concerns a segment member (from one, to one, an ARP for one's
    /// address, or one a tenant rule sent up): the tenant rules deal with member traffic, so the
    /// controller never forwards it between segments. A member's frame that missed the tables
    /// (a host seen for the first time or moved) is sent through the tables again once its rules
    /// are in place, in the same batch.
    /// </summary>
    public bool TryHandlePacketIn(NetworkState state, SwitchEntry sw, uint inPort, in EthernetHeader eth, PacketIn message, Outbox outbox)
    {
        if (!IsActive)
        {
            return false;
        }

        // Host tracking has just seen this packet; bring the rules up to date with what it learned.
        Refresh(state, outbox);
        var at = new SwitchPort(sw.DatapathId, inPort);
        bool fromMember = _memberHosts.ContainsKey(eth.Source) || _memberPorts.Contains(at);
        bool claimed = fromMember
            || TenantCookies.IsTenantRule(message.Cookie)
            || _memberHosts.ContainsKey(eth.Destination)
            || (eth.EtherType == EtherTypes.Arp && ArpPacket.TryRead(message.Data.Span[EthernetHeader.Size..], out ArpPacket arp) && _memberIps.Contains(arp.TargetIp));
        if (!claimed)
        {
            return false;
        }

        if (!TenantCookies.IsTenantRule(message.Cookie) && _memberHosts.TryGetValue(eth.Source, out SwitchPort hostAt) && hostAt == at)
        {
            outbox.Send(sw.DatapathId, new PacketOut
            {
                InPort = inPort,
                Actions = [OfpAction.Output(OfpPortNo.Table)],
                Data = message.Data,
            });
        }

        return true;
    }

    /// <summary>Recompiles what changed since the last call and sends each switch its difference.</summary>
    public void Refresh(NetworkState state, Outbox outbox)
    {
        if (!_dirty && state.Version == _compiledVersion)
        {
            return;
        }

        if (Directory.Tenants.Length == 0 && _segmentRules.Count == 0 && _installed.Count == 0 && _meters.InstalledCount == 0)
        {
            _compiledVersion = state.Version;
            _dirty = false;
            return;
        }

        _compiledVersion = state.Version;
        _dirty = false;
        Recompile(state, outbox);
    }

    /// <summary>
    /// Refresh's work once something may have changed. Apart from it because its lambdas capture
    /// <paramref name="state"/>: their closure is allocated on entry to the method that declares it,
    /// and Refresh runs after every input (each packet-in), nearly always returning at once.
    /// </summary>
    private void Recompile(NetworkState state, Outbox outbox)
    {
        TopologySnapshot topology = state.GetSnapshot();
        var touched = new HashSet<ulong>();

        string topologyFingerprint = TopologyFingerprint(topology);
        bool topologyChanged = topologyFingerprint != _topologyFingerprint;
        if (topologyChanged)
        {
            _topologyFingerprint = topologyFingerprint;
            _adjacency = TenantFlowCompiler.Adjacency(topology);
            _fabric = VxlanFabric.From(state.Declared?.Document);
            _trunkRules = Directory.Tenants.Length == 0 ? [] : TenantFlowCompiler.CompileTrunks(_adjacency, _classifyTable, _segmentTable, _fabric);
            touched.UnionWith(_adjacency.Keys);
            touched.UnionWith(_installed.Keys);
        }
        else if (Directory.Tenants.Length == 0 && _trunkRules.Count > 0)
        {
            touched.UnionWith(_trunkRules.Keys);
            _trunkRules = [];
        }
        else if (Directory.Tenants.Length > 0 && _trunkRules.Count == 0)
        {
            _trunkRules = TenantFlowCompiler.CompileTrunks(_adjacency, _classifyTable, _segmentTable, _fabric);
            touched.UnionWith(_trunkRules.Keys);
        }

        if (_meters.Update(Directory.Tenants))
        {
            // A limit that changed moves no rule (the meter id stays), but its switches need a METER_MOD.
            touched.UnionWith(_adjacency.Keys);
            touched.UnionWith(_meters.Switches);
        }

        List<SegmentPlan> plans = TenantFlowCompiler.Resolve(
            Directory.Tenants,
            KnownHosts(state, topology),
            port => ResolvePort(state, port),
            NumberFor,
            _meters.IdOf);

        _plans = plans.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal);
        var memberPorts = new HashSet<SwitchPort>();
        var memberHosts = new Dictionary<ulong, SwitchPort>();
        var memberIps = new HashSet<uint>();
        foreach (SegmentPlan plan in plans)
        {
            string key = plan.Key;
            live.Add(key);
            memberPorts.UnionWith(plan.AccessPorts);
            foreach (var (host, _) in plan.Hosts)
            {
                memberPorts.Add(host.Attachment);
                memberHosts[host.Mac] = host.Attachment;
                if (host.Ipv4 != 0)
                {
                    memberIps.Add(host.Ipv4);
                }
            }

            string fingerprint = plan.Fingerprint();
            if (!topologyChanged && _fingerprints.TryGetValue(key, out string? old) && old == fingerprint)
            {
                continue;
            }

            _fingerprints[key] = fingerprint;
            if (_segmentRules.TryGetValue(key, out var before))
            {
                touched.UnionWith(before.Keys);
            }

            Dictionary<ulong, List<TenantRule>> rules = TenantFlowCompiler.CompileSegment(plan, _adjacency, _classifyTable, _segmentTable, _fabric);
            _segmentRules[key] = rules;
            touched.UnionWith(rules.Keys);
        }

        foreach (string gone in _segmentRules.Keys.Where(k => !live.Contains(k)).ToList())
        {
            touched.UnionWith(_segmentRules[gone].Keys);
            _segmentRules.Remove(gone);
            _fingerprints.Remove(gone);
            _numbers.Remove(gone);
        }

        _memberPorts = memberPorts;
        _memberHosts = memberHosts;
        _memberIps = memberIps;

        foreach (ulong dpid in touched.Order())
        {
            Sync(state, dpid, outbox);
        }
    }

    private void Sync(NetworkState state, ulong dpid, Outbox outbox)
    {
        if (state.FindSwitch(dpid) is null)
        {
            _installed.Remove(dpid);
            _meters.Forget(dpid);
            _awaitingMeters.Remove(dpid);
            return;
        }

        if (_awaitingMeters.Contains(dpid))
        {
            // Its rules follow once its meters are known (OnMetersRead).
            return;
        }

        var desired = new Dictionary<string, TenantRule>(StringComparer.Ordinal);
        if (_trunkRules.TryGetValue(dpid, out var trunks))
        {
            foreach (TenantRule r in trunks)
            {
                desired[r.Key] = r;
            }
        }

        foreach (var perSwitch in _segmentRules.Values)
        {
            if (perSwitch.TryGetValue(dpid, out var rules))
            {
                foreach (TenantRule r in rules)
                {
                    desired[r.Key] = r;
                }
            }
        }

        var meterDeletes = new List<OfpMessage>();
        _meters.Sync(dpid, desired.Values, m => outbox.Send(dpid, m), meterDeletes.Add);
        Dictionary<string, TenantRule> installed = _installed.GetValueOrDefault(dpid) ?? [];
        foreach (var (key, rule) in desired)
        {
            if (!installed.TryGetValue(key, out TenantRule? current) || current.Signature != rule.Signature)
            {
                outbox.Send(dpid, rule.ToAdd());
            }
        }

        foreach (var (key, rule) in installed)
        {
            if (!desired.ContainsKey(key))
            {
                outbox.Send(dpid, rule.ToDelete());
            }
        }

        foreach (OfpMessage delete in meterDeletes)
        {
            outbox.Send(dpid, delete);
        }

        if (desired.Count == 0)
        {
            _installed.Remove(dpid);
        }
        else
        {
            _installed[dpid] = desired;
        }
    }

    private uint NumberFor(string key)
    {
        if (!_numbers.TryGetValue(key, out uint n))
        {
            n = _nextNumber++;
            _numbers.Add(key, n);
        }

        return n;
    }

    /// <summary>Learned hosts where they were last seen, then declared hosts not learned yet where the file cables them.</summary>
    private static IEnumerable<KnownHost> KnownHosts(NetworkState state, TopologySnapshot topology)
    {
        var seen = new HashSet<ulong>();
        foreach (HostInfo h in topology.Hosts)
        {
            seen.Add(h.Mac);
            uint ip = h.Ipv4Addresses.IsDefaultOrEmpty ? 0 : ToUInt32(h.Ipv4Addresses[^1]);
            yield return new KnownHost(h.Mac, ip, h.Attachment);
        }

        if (state.Declared is not { } declared)
        {
            yield break;
        }

        foreach (HostSpec h in declared.Document.Hosts)
        {
            if (!seen.Contains(h.Mac) && DeclaredTopology.TryResolve(declared.Document, h.Attachment, out SwitchPort at))
            {
                yield return new KnownHost(h.Mac, ToUInt32(h.Ipv4), at, Learned: false);
            }
        }
    }

    /// <summary><c>name:port</c> through the declared topology, or <c>dpid:port</c> with the id written as <see cref="DatapathIdText"/> accepts it.</summary>
    private static SwitchPort? ResolvePort(NetworkState state, PortRef port)
    {
        if (state.Declared is { } declared && DeclaredTopology.TryResolve(declared.Document, port, out SwitchPort resolved))
        {
            return resolved;
        }

        return DatapathIdText.TryParse(port.Switch, out ulong dpid, out _) ? new SwitchPort(dpid, port.Port) : null;
    }

    private static string TopologyFingerprint(TopologySnapshot topology)
    {
        var sb = new StringBuilder();
        foreach (SwitchInfo sw in topology.Switches.OrderBy(s => s.DatapathId))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{sw.DatapathId:x};");
        }

        foreach (LinkInfo link in topology.Links.OrderBy(l => l.Source))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{link.Source}>{link.Destination};");
        }

        return sb.ToString();
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out int written) && written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
    }
}
