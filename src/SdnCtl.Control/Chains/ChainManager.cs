using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Chains;

/// <summary>
/// The service chain application on the control loop, modelled on <see cref="IntentManager"/>:
/// routes each chain leg by leg (source host → appliance 1 → … → destination host), sends each
/// switch the difference from what the chain had there, and recompiles a chain when a link of one
/// of its legs is lost or a host it names moves (state rerouted), or — while failed — on every
/// change, so a repaired network brings it back.
/// </summary>
/// <remarks>
/// <para>
/// A tenant chain (one that names a tenant) steers traffic inside one segment, which the tenant
/// rules would otherwise forward on their own at priorities from 39990 up: its rules sit above
/// every tenant rule (<see cref="TenantRulePriority"/>) in the classification table, where a
/// member's frame arrives untagged from its port. Design, chosen over compiling the chain into
/// the segment table:
/// </para>
/// <list type="bullet">
/// <item>The frame stays untagged and unchanged from the member to the last appliance, steered
/// leg by leg by in_port as a plain chain is, and every rule matches vlan_vid = none and the
/// member's own MAC as eth_src. Tenant traffic crosses trunks tagged (VLAN) or tunnels with its
/// VNI (VXLAN), so no rule of a chain ever matches another segment's frames, nor this
/// segment's frames on their normal way (that also keeps the segment's delivery after the chain
/// from being caught by a leg again); one rule set per member keeps members' legs apart, so two
/// members' paths that meet never conflict. Legs run over the physical links for both kinds of
/// segment: the appliances see the frame as an access port of the segment delivers it.</item>
/// <item>After the last appliance the frame is handed back to the segment: tagged as its
/// classification would have tagged it (VLAN VID and PCP, or tunnel_id = VNI, through the
/// tenant's meter if it has one) and sent to the segment table, whose rules deliver it — so a
/// tenant chain cannot take traffic anywhere the segment does not go.</item>
/// <item>Appliances of a tenant chain must be attached in its segment (an interface with
/// <c>segment:</c>, or a port member), which makes them part of the segment's isolation domain and
/// gives the hand-off switch the segment's rules. A source or destination host must be a member.</item>
/// <item>Without a destination host the chain matches unicast only (eth_dst group bit clear): a
/// broadcast delivered by the segment would reach the appliance's port again and loop.</item>
/// </list>
/// <para>
/// A symmetric chain also compiles the way back: from the destination (or, without one, every
/// member) to the source, addresses and ports swapped, through the appliances in reverse order.
/// </para>
/// </remarks>
internal sealed class ChainManager
{
    /// <summary>Priority of chain rules: above intents (30000) and reactive forwarding, below tenant isolation and discovery.</summary>
    public const ushort RulePriority = 31000;

    /// <summary>Priority of tenant chain rules: above every tenant classification rule (<see cref="TenantFlowCompiler.PortLearnPriority"/> 40310), below discovery.</summary>
    public const ushort TenantRulePriority = 40400;

    private const ulong GroupBit = 0x0100_0000_0000;

    /// <summary>How many of the cheapest paths each leg may choose from to keep clear of the other legs (see <see cref="TryLegs"/>).</summary>
    private const int CandidatePaths = 8;

    /// <summary>Paths tried per direction before giving up on keeping the legs apart: bounds the backtracking on large fabrics.</summary>
    private const int ChoiceBudget = 4096;

    private readonly byte _table;
    private readonly IPathComputation _paths;
    private readonly PathMetric _metric;
    private readonly TenantNetworking? _tenants;
    private readonly SortedDictionary<string, Entry> _chains = new(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, ChainInfo> _published = ImmutableSortedDictionary.Create<string, ChainInfo>(StringComparer.Ordinal);
    private readonly List<BarrierWait> _barrierWaits = [];

    // Removed chains whose deletes await their switches' barriers, by chain id.
    private readonly Dictionary<long, PendingRemoval> _removals = [];
    private long _checkedVersion = -1;
    private long _lastId;

    public ChainManager(ControllerOptions options, IPathComputation paths, PathMetric metric = PathMetric.Hops, TenantNetworking? tenants = null)
    {
        _table = options.TableId;
        _paths = paths;
        _metric = metric;
        _tenants = tenants;
    }

    /// <summary>The chains as last published; read from any thread.</summary>
    public ImmutableSortedDictionary<string, ChainInfo> Published => Volatile.Read(ref _published);

    /// <summary>Adds a chain; <paramref name="createdAt"/> is its creation time when it is restored, otherwise now.</summary>
    public ChainResult Add(ChainSpec spec, NetworkState state, Outbox outbox, DateTimeOffset? createdAt = null)
    {
        if (_chains.ContainsKey(spec.Name))
        {
            return new ChainResult(IntentResultStatus.Conflict, null, $"a chain named '{spec.Name}' exists", "name");
        }

        TopologySnapshot topology = state.GetSnapshot();
        if (spec.Tenant is not null && !TryResolveTenant(spec, state, topology, out _, out string? field, out string? problem))
        {
            return new ChainResult(IntentResultStatus.Invalid, null, problem, field);
        }

        // Two chains for exactly the same traffic would install rules with the same match and fight over them.
        string classifier = ClassifierKey(spec, state, topology);
        if (_chains.Values.FirstOrDefault(e => ClassifierKey(e.Spec, state, topology) == classifier) is { } same)
        {
            return new ChainResult(IntentResultStatus.Conflict, null, $"chain '{same.Spec.Name}' already steers exactly this traffic (the same tenant, segment, src, dst and match); change the classifier or delete '{same.Spec.Name}'", "classifier");
        }

        var entry = new Entry(++_lastId, spec, createdAt ?? state.Now);
        _chains.Add(spec.Name, entry);
        Compile(entry, state, topology, outbox, "created");
        Publish();
        return new ChainResult(IntentResultStatus.Accepted, Info(entry), null);
    }

    public ChainResult Remove(string name, NetworkState state, Outbox outbox)
    {
        if (!_chains.Remove(name, out Entry? entry))
        {
            return new ChainResult(IntentResultStatus.NotFound, null, $"no chain is named '{name}'");
        }

        entry.Awaiting = null;
        var switches = new HashSet<ulong>();
        foreach (var key in entry.Rules.Keys)
        {
            switches.Add(key.DatapathId);
        }

        Apply(entry, [], outbox);
        // Gone once every switch that held a rule of it confirmed the deletes with a barrier (OnBarrier).
        entry.Generation++;
        if (PendingRemoval.Start(_removals, entry.Id, entry.Generation, switches) is { } removal)
        {
            _barrierWaits.Add(removal.Wait(true, entry.Id));
        }

        entry.State = IntentState.Removed;
        entry.Reason = "deleted";
        entry.Hops = [];
        entry.Settled.TrySetResult();
        Publish();
        return new ChainResult(IntentResultStatus.Accepted, Info(entry), null);
    }

    /// <summary>
    /// Completes when the switches confirmed (barrier) the deletes of the chain removed as
    /// <paramref name="result"/>, at once if it had nothing on any switch. Call on the loop right after <see cref="Remove"/>.
    /// </summary>
    public Task WhenRemoved(ChainResult result) =>
        result.Chain is { } chain && _removals.TryGetValue(chain.Id, out PendingRemoval? removal) ? removal.Done.Task : Task.CompletedTask;

    /// <summary>
    /// A (re)connected switch holds none of our rules as far as we know: recompile the chains that used
    /// it; the control plane reconciles their rules with what the switch reports (<see cref="RulesOn"/>).
    /// </summary>
    public void OnSwitchConnected(SwitchEntry sw)
    {
        ulong dpid = sw.DatapathId;
        foreach (Entry entry in _chains.Values)
        {
            if (entry.Rules.Keys.Any(k => k.DatapathId == dpid))
            {
                entry.Rules = entry.Rules.Where(r => r.Key.DatapathId != dpid).ToDictionary();
                entry.NeedsCompile = true;
            }
        }
    }

    /// <summary>The chain rules believed installed (desired) on <paramref name="dpid"/>.</summary>
    public IEnumerable<FlowMod> RulesOn(ulong dpid) =>
        _chains.Values.SelectMany(e => e.Rules).Where(r => r.Key.DatapathId == dpid).Select(r => r.Value);

    /// <summary>For a switch whose flows could not be read: deletes every chain rule it may hold (by cookie).</summary>
    public void DeleteAllOn(ulong dpid, Outbox outbox)
    {
        if (_chains.Count > 0)
        {
            outbox.Send(dpid, new FlowMod
            {
                Command = FlowModCommand.Delete,
                TableId = _table,
                Cookie = ChainCookies.Application,
                CookieMask = Forwarding.FlowCookies.ApplicationMask,
            });
        }
    }

    /// <summary>Recompiles the chains the last input may have affected and sends the differences.</summary>
    public void Refresh(NetworkState state, Outbox outbox)
    {
        // Tenant changes do not move the network's version: a tenant chain also checks its segment.
        if (_chains.Count == 0 || (state.Version == _checkedVersion && !_chains.Values.Any(e => e.NeedsCompile || SegmentChanged(e))))
        {
            return;
        }

        bool versionChanged = state.Version != _checkedVersion;
        _checkedVersion = state.Version;
        string cause = state.Changes.Cause ?? "a topology change";
        TopologySnapshot? topology = null;
        foreach (Entry entry in _chains.Values)
        {
            if (entry.NeedsCompile || SegmentChanged(entry) || (versionChanged && (entry.State == IntentState.Failed || Broken(entry, state))))
            {
                topology ??= state.GetSnapshot();
                Compile(entry, state, topology, outbox, cause);
            }
        }

        Publish();
    }

    private void Compile(Entry entry, NetworkState state, TopologySnapshot topology, Outbox outbox, string cause)
    {
        entry.NeedsCompile = false;
        entry.PlansSeen = _tenants?.Plans;
        entry.SegmentFingerprint = null;
        if (!TryPlan(entry, state, topology, out List<ChainDirection> directions, out string? reason))
        {
            Fail(entry, reason!, state, outbox);
            return;
        }

        CompiledChain compiled = ChainCompiler.Compile(entry.Id, _table, entry.Spec.Tenant is null ? RulePriority : TenantRulePriority, directions);
        if (compiled.Conflict is { } conflict)
        {
            Fail(entry, conflict, state, outbox);
            return;
        }

        HashSet<ulong> touched = Apply(entry, compiled.Rules, outbox);
        ImmutableArray<ChainHop> hops = [.. compiled.Hops];
        entry.Legs = [.. directions.SelectMany(d => d.Legs)];
        entry.ReturnHops = [.. compiled.ReturnHops];
        IntentState next = entry.State switch
        {
            IntentState.Installed or IntentState.Rerouted when !hops.SequenceEqual(entry.Hops) => IntentState.Rerouted,
            IntentState.Installed or IntentState.Rerouted => entry.State,
            _ => IntentState.Installed,
        };
        string? why = entry.Reason;
        if (next != entry.State || next == IntentState.Rerouted && !hops.SequenceEqual(entry.Hops))
        {
            why = next == IntentState.Rerouted ? "moved to new paths after " + cause : null;
        }

        entry.Hops = hops;
        entry.Changed = true;
        if (touched.Count > 0)
        {
            // Installed (or rerouted) once every switch sent to has confirmed with a barrier (OnBarrier).
            entry.Generation++;
            entry.Awaiting = new PendingInstall(next, why, touched, entry.Generation);
            _barrierWaits.Add(new BarrierWait(true, entry.Id, entry.Generation, touched));
        }
        else if (entry.Awaiting is { } waiting)
        {
            waiting.State = next;
            waiting.Reason = why;
        }
        else
        {
            SetState(entry, next, why, state);
        }
    }

    /// <summary>Completes when the chain named <paramref name="name"/> has left <see cref="IntentState.Requested"/> (at once if it has, or is unknown).</summary>
    public Task WhenSettled(string name) => _chains.TryGetValue(name, out Entry? entry) ? entry.Settled.Task : Task.CompletedTask;

    /// <summary>True when <see cref="TakeBarrierWaits"/> has something to take (checked after every input, so that an empty take costs no list).</summary>
    public bool HasBarrierWaits => _barrierWaits.Count > 0;

    /// <summary>The compiles that sent flow-mods since the last call: the control plane sends each switch a barrier after them.</summary>
    public List<BarrierWait> TakeBarrierWaits()
    {
        List<BarrierWait> taken = [.. _barrierWaits];
        _barrierWaits.Clear();
        return taken;
    }

    /// <summary>A barrier after chain <paramref name="id"/>'s flow-mods came back from <paramref name="dpid"/>; see <see cref="IntentManager.OnBarrier"/>.</summary>
    public void OnBarrier(long id, long generation, ulong dpid, bool confirmed, NetworkState state)
    {
        if (generation < 0)
        {
            // A removal's deletes: a switch that went away (not confirmed) holds none of them either.
            if (_removals.TryGetValue(id, out PendingRemoval? removal) && removal.Answered(generation, dpid))
            {
                _removals.Remove(id);
            }

            return;
        }

        Entry? entry = confirmed ? _chains.Values.FirstOrDefault(e => e.Id == id) : null;
        if (entry?.Awaiting is not { } waiting || waiting.Generation != generation)
        {
            return;
        }

        waiting.Switches.Remove(dpid);
        if (waiting.Switches.Count == 0)
        {
            entry.Awaiting = null;
            SetState(entry, waiting.State, waiting.Reason, state);
            Publish();
        }
    }

    /// <summary>A switch refused one of a chain's FLOW_MODs: the chain is failed naming the switch and its error; see <see cref="IntentManager.OnSwitchError"/>.</summary>
    public bool OnSwitchError(ulong dpid, OfpMessage request, string error, NetworkState state, Outbox outbox)
    {
        if (request is not FlowMod { Command: FlowModCommand.Add or FlowModCommand.Modify or FlowModCommand.ModifyStrict } f ||
            (f.Cookie & Forwarding.FlowCookies.ApplicationMask) != ChainCookies.Application)
        {
            return false;
        }

        long id = (long)(f.Cookie & ChainCookies.ChainMask);
        Entry? entry = _chains.Values.FirstOrDefault(e => e.Id == id);
        if (entry is null || entry.State == IntentState.Failed)
        {
            return false;
        }

        Fail(entry, $"switch {dpid:x16} refused {request.Type}: {error}", state, outbox);
        Publish();
        return true;
    }

    private static void SetState(Entry entry, IntentState state, string? reason, NetworkState network)
    {
        bool changed = entry.State != state || entry.Reason != reason;
        entry.State = state;
        entry.Reason = reason;
        entry.Changed = true;
        if (changed)
        {
            network.AddEvent(new ChainEvent(network.Version, network.Now, entry.Spec.Name, state, reason));
        }
    }

    private static void Fail(Entry entry, string reason, NetworkState state, Outbox outbox)
    {
        entry.Awaiting = null;
        Apply(entry, [], outbox);
        entry.Legs = [];
        entry.Hops = [];
        entry.ReturnHops = [];
        SetState(entry, IntentState.Failed, reason, state);
    }

    /// <summary>Routes every direction of the chain; false with a reason when it cannot be steered now.</summary>
    private bool TryPlan(Entry entry, NetworkState state, TopologySnapshot topology, out List<ChainDirection> planned, out string? reason)
    {
        var directions = new List<ChainDirection>();
        planned = directions;
        ChainSpec spec = entry.Spec;
        var appliances = new SwitchPort[spec.Appliances.Length];
        for (int i = 0; i < appliances.Length; i++)
        {
            ChainAppliance a = spec.Appliances[i];
            if (!IntentManager.TryResolvePort(a.Attachment, $"appliances[{i}] ({a.Name})", topology, state.Declared, out appliances[i], out reason))
            {
                return false;
            }
        }

        var anchors = new List<(ulong Mac, SwitchPort At)>();
        var paths = new Dictionary<(ulong, ulong), List<NetworkPath>>();
        if (spec.Tenant is null)
        {
            if (!IntentManager.TryResolveHost(spec.Source!, topology, state.Declared, out ulong srcMac, out SwitchPort srcAt, out reason) ||
                !IntentManager.TryResolveHost(spec.Destination!, topology, state.Declared, out ulong dstMac, out SwitchPort dstAt, out reason))
            {
                return false;
            }

            anchors.Add((srcMac, srcAt));
            anchors.Add((dstMac, dstAt));
            if (!TryLegs(srcAt, appliances, spec.Appliances, dstAt, topology, paths, out List<ChainLeg> legs, out reason))
            {
                return false;
            }

            directions.Add(new ChainDirection(legs, [OxmEntry.EthSrc(srcMac), OxmEntry.EthDst(dstMac), .. IntentManager.MatchEntries(spec.Match)]));
            if (spec.IsSymmetric)
            {
                if (!TryLegs(dstAt, [.. appliances.Reverse()], [.. spec.Appliances.Reverse()], srcAt, topology, paths, out List<ChainLeg> back, out reason))
                {
                    return false;
                }

                directions.Add(new ChainDirection(back, [OxmEntry.EthSrc(dstMac), OxmEntry.EthDst(srcMac), .. IntentManager.MatchEntries(Swapped(spec.Match))]) { IsReturn = true });
            }

            entry.Anchors = anchors;
            return true;
        }

        if (!TryResolveTenant(spec, state, topology, out TenantTarget? target, out string? field, out reason))
        {
            reason = $"{field}: {reason}";
            return false;
        }

        SegmentPlan plan = target.Plan;
        entry.SegmentFingerprint = (plan.Key, plan.Fingerprint());
        var appliancePorts = appliances.ToHashSet();
        KnownHost[] members = [.. plan.Hosts.Select(h => h.Host).Where(h => !appliancePorts.Contains(h.Attachment)).OrderBy(h => h.Mac)];
        List<OfpInstruction> handoff = Handoff(plan);
        OxmEntry Toward(KnownHost? host) => host is { } h ? OxmEntry.EthDst(h.Mac) : OxmEntry.EthDst(0, GroupBit);
        foreach (KnownHost? h in (ReadOnlySpan<KnownHost?>)[target.Source, target.Destination])
        {
            if (h is { } known)
            {
                anchors.Add((known.Mac, known.Attachment));
            }
        }

        bool TryDirection(IEnumerable<KnownHost> from, KnownHost? to, SwitchPort[] ports, ImmutableArray<ChainAppliance> names, IntentMatch? match, bool isReturn, out string? why)
        {
            foreach (KnownHost member in from)
            {
                if (!TryLegs(member.Attachment, ports, names, null, topology, paths, out List<ChainLeg> legs, out why))
                {
                    return false;
                }

                directions.Add(new ChainDirection(legs, [OxmEntry.EthSrc(member.Mac), Toward(to), OxmEntry.VlanNone(), .. IntentManager.MatchEntries(match)])
                {
                    Handoff = handoff,
                    Segment = plan.Key,
                    IsReturn = isReturn,
                });
            }

            why = null;
            return true;
        }

        IEnumerable<KnownHost> sources = target.Source is { } s ? [s] : members.Where(m => m.Mac != target.Destination?.Mac);
        if (!TryDirection(sources, target.Destination, appliances, spec.Appliances, spec.Match, false, out reason))
        {
            return false;
        }

        // Without hosts and with a match that reads the same both ways, the way back is the same traffic: nothing to add.
        bool sameBothWays = target.Source is null && target.Destination is null && Swapped(spec.Match) == spec.Match;
        if (spec.IsSymmetric && !sameBothWays)
        {
            IEnumerable<KnownHost> returners = target.Destination is { } d ? [d] : members.Where(m => m.Mac != target.Source?.Mac);
            if (!TryDirection(returners, target.Source, [.. appliances.Reverse()], [.. spec.Appliances.Reverse()], Swapped(spec.Match), true, out reason))
            {
                return false;
            }
        }

        if (directions.Count == 0)
        {
            reason = $"segment {plan.Key} has no known member to steer yet";
            return false;
        }

        entry.Anchors = anchors;
        return true;
    }

    /// <summary>
    /// Checks a tenant chain against the tenants as they are: the tenant, its segment (named, or the
    /// one the hosts or the first appliance are in, or the tenant's only one), hosts that are members
    /// of it, and appliances attached in it. False names the request field at fault.
    /// </summary>
    private bool TryResolveTenant(ChainSpec spec, NetworkState state, TopologySnapshot topology, [NotNullWhen(true)] out TenantTarget? target, out string? field, out string? reason)
    {
        target = null;
        field = "classifier.tenant";
        if (_tenants?.Directory.Find(spec.Tenant!) is not { } tenant)
        {
            reason = $"there is no tenant '{spec.Tenant}'";
            return false;
        }

        ulong? srcMac = null, dstMac = null;
        foreach (var (text, name) in new[] { (spec.Source, "classifier.src"), (spec.Destination, "classifier.dst") })
        {
            if (text is null)
            {
                continue;
            }

            if (!IntentManager.TryResolveHost(text, topology, state.Declared, out ulong mac, out _, out reason))
            {
                field = name;
                return false;
            }

            (name == "classifier.src" ? ref srcMac : ref dstMac) = mac;
        }

        var appliances = new SwitchPort[spec.Appliances.Length];
        for (int i = 0; i < appliances.Length; i++)
        {
            if (!IntentManager.TryResolvePort(spec.Appliances[i].Attachment, $"appliance '{spec.Appliances[i].Name}'", topology, state.Declared, out appliances[i], out reason))
            {
                field = $"appliances[{i}]";
                return false;
            }
        }

        IReadOnlyDictionary<string, SegmentPlan> plans = _tenants.Plans;
        SegmentPlan[] own = [.. tenant.Segments.Select(s => plans.GetValueOrDefault(TenantNetworking.SegmentKey(tenant.Name, s.Name))).OfType<SegmentPlan>()];
        SegmentPlan? plan;
        if (spec.Segment is { } named)
        {
            plan = own.FirstOrDefault(p => p.Segment.Name == named);
            if (plan is null)
            {
                field = "classifier.segment";
                reason = $"tenant '{tenant.Name}' has no segment '{named}'";
                return false;
            }
        }
        else
        {
            plan = own.FirstOrDefault(p => p.Hosts.Any(h => h.Host.Mac == srcMac || h.Host.Mac == dstMac))
                ?? (appliances.Length > 0 ? own.FirstOrDefault(p => Attached(p, appliances[0])) : null)
                ?? (own.Length == 1 ? own[0] : null);
            if (plan is null)
            {
                field = "classifier.segment";
                reason = $"tenant '{tenant.Name}' has {own.Length} segments and neither the hosts nor the first appliance are in one; name the segment";
                return false;
            }
        }

        KnownHost? source = null, destination = null;
        foreach (var (mac, text, name) in new[] { (srcMac, spec.Source, "classifier.src"), (dstMac, spec.Destination, "classifier.dst") })
        {
            if (mac is null)
            {
                continue;
            }

            var found = plan.Hosts.FirstOrDefault(h => h.Host.Mac == mac);
            if (found.Host.Mac != mac)
            {
                field = name;
                reason = $"host '{text}' is not a member of segment {plan.Key}";
                return false;
            }

            (name == "classifier.src" ? ref source : ref destination) = found.Host;
        }

        for (int i = 0; i < appliances.Length; i++)
        {
            if (!Attached(plan, appliances[i]))
            {
                SegmentPlan? other = plans.Values.FirstOrDefault(p => Attached(p, appliances[i]));
                field = $"appliances[{i}]";
                reason = $"appliance '{spec.Appliances[i].Name}' at {spec.Appliances[i].Attachment} is attached in " +
                    (other is null ? "no segment" : $"segment {other.Key}") +
                    $"; a chain of segment {plan.Key} can only visit appliances attached in it (give its interface segment: {plan.Key})";
                return false;
            }
        }

        target = new TenantTarget(plan, source, destination);
        field = null;
        reason = null;
        return true;
    }

    /// <summary>
    /// What a chain's classifier selects, resolved (hosts to MACs, a tenant chain's segment to the one
    /// it is in), so that two ways of writing the same traffic compare equal.
    /// </summary>
    private string ClassifierKey(ChainSpec spec, NetworkState state, TopologySnapshot topology)
    {
        string Host(string? text) => text is null ? "*"
            : IntentManager.TryResolveHost(text, topology, state.Declared, out ulong mac, out _, out _) ? mac.ToString("x12", CultureInfo.InvariantCulture)
            : text;
        string segment = spec.Tenant is null ? "" : TryResolveTenant(spec, state, topology, out TenantTarget? target, out _, out _) ? target.Plan.Key : spec.Segment ?? "";
        IntentMatch match = spec.Match ?? new IntentMatch();
        return $"{spec.Tenant}|{segment}|{Host(spec.Source)}|{Host(spec.Destination)}|{match.IpProto}|{match.Ipv4Source}|{match.Ipv4Destination}|{match.SourcePort}|{match.DestinationPort}";
    }

    private static bool Attached(SegmentPlan plan, SwitchPort port) =>
        plan.AccessPorts.Contains(port) || plan.Hosts.Any(h => h.Host.Attachment == port);

    /// <summary>What the segment's classification does to a member's frame: its tag (VLAN id and PCP, or the VNI), through the tenant's meter, then the segment table.</summary>
    private List<OfpInstruction> Handoff(SegmentPlan plan)
    {
        SegmentSpec segment = plan.Segment;
        OfpAction[] tag = segment.Kind == SegmentKind.Vxlan
            ? [OfpAction.SetField(OxmEntry.TunnelId(segment.Id))]
            : [OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)segment.Id), OfpAction.SetField(OxmEntry.VlanPcp(segment.Priority))];
        List<OfpInstruction> instructions = plan.MeterId == 0 ? [] : [OfpInstruction.Meter(plan.MeterId)];
        instructions.Add(OfpInstruction.ApplyActions(tag));
        instructions.Add(OfpInstruction.GotoTable(_tenants!.SegmentTable));
        return instructions;
    }

    private static IntentMatch? Swapped(IntentMatch? m) => m is null ? null : m with
    {
        Ipv4Source = m.Ipv4Destination,
        Ipv4Destination = m.Ipv4Source,
        SourcePort = m.DestinationPort,
        DestinationPort = m.SourcePort,
    };

    /// <summary>
    /// Legs from <paramref name="from"/> through every appliance to <paramref name="to"/> (or, with
    /// none, ending at the last appliance); candidate paths are shared through <paramref name="paths"/>.
    /// </summary>
    /// <remarks>
    /// The legs of one direction are told apart by in_port alone (<see cref="ChainCompiler"/>), so
    /// they must never enter a switch by the same port and leave it by different ones. Each leg takes
    /// the first of its <see cref="CandidatePaths"/> cheapest paths that keeps that true with the legs
    /// before it, backtracking to an earlier leg's next candidate when a later leg has none. Candidates
    /// are ordered by cost, then by their links' ports, never by the order links were discovered, so
    /// the same network always gets the same paths. Only when no combination of candidates fits (a
    /// tree where two legs must share a switch's port toward different places) are the shortest paths
    /// kept, and the compiler reports the chain as conflicting.
    /// </remarks>
    private bool TryLegs(SwitchPort from, SwitchPort[] appliances, ImmutableArray<ChainAppliance> names, SwitchPort? to, TopologySnapshot topology, Dictionary<(ulong, ulong), List<NetworkPath>> paths, out List<ChainLeg> legs, out string? reason)
    {
        legs = [];
        int count = appliances.Length + (to is null ? 0 : 1);
        var ends = new (SwitchPort From, SwitchPort To)[count];
        var candidates = new List<NetworkPath>[count];
        for (int i = 0; i < count; i++)
        {
            SwitchPort next = i < appliances.Length ? appliances[i] : to!.Value;
            ends[i] = (from, next);
            if (!TryCandidates(from.DatapathId, next.DatapathId, topology, paths, out candidates[i]!, out string? detail))
            {
                reason = $"no path from {from} to {next} for leg {i + 1}: {detail}";
                return false;
            }

            from = next;
        }

        var chosen = new NetworkPath[count];
        var claims = new Dictionary<(ulong Dpid, uint In), (uint Out, int Leg)>();
        int budget = ChoiceBudget;
        if (!Choose(0))
        {
            // No combination fits: the shortest paths, which the compiler reports as conflicting.
            for (int i = 0; i < count; i++)
            {
                chosen[i] = candidates[i][0];
            }
        }

        for (int i = 0; i < count; i++)
        {
            legs.Add(new ChainLeg(ends[i].From, ends[i].To, chosen[i], i < appliances.Length ? names[i].Name : null));
        }

        reason = null;
        return true;

        bool Choose(int leg)
        {
            if (leg == count)
            {
                return true;
            }

            foreach (NetworkPath path in candidates[leg])
            {
                if (--budget < 0)
                {
                    return false;
                }

                List<(ulong Dpid, uint In, uint Out)> hops = IntentCompiler.Hops(ends[leg].From, ends[leg].To, path);
                if (hops.Any(h => claims.TryGetValue((h.Dpid, h.In), out var claim) && claim.Out != h.Out))
                {
                    continue;
                }

                var added = new List<(ulong, uint)>();
                foreach (var (dpid, inPort, outPort) in hops)
                {
                    if (claims.TryAdd((dpid, inPort), (outPort, leg)))
                    {
                        added.Add((dpid, inPort));
                    }
                }

                chosen[leg] = path;
                if (Choose(leg + 1))
                {
                    return true;
                }

                foreach (var key in added)
                {
                    claims.Remove(key);
                }
            }

            return false;
        }
    }

    /// <summary>The <see cref="CandidatePaths"/> cheapest paths between two switches, in an order that does not depend on discovery order.</summary>
    private bool TryCandidates(ulong source, ulong destination, TopologySnapshot topology, Dictionary<(ulong, ulong), List<NetworkPath>> paths, out List<NetworkPath> candidates, out string? detail)
    {
        detail = null;
        if (paths.TryGetValue((source, destination), out candidates!))
        {
            return true;
        }

        if (source == destination)
        {
            candidates = [new NetworkPath(source, destination, [])];
        }
        else
        {
            PathQueryResult result = _paths.FindPaths(topology, source, destination, _metric, CandidatePaths, PathConstraints.None);
            if (!result.Found)
            {
                detail = result.Detail ?? result.Failed.ToString();
                return false;
            }

            candidates = [.. result.Paths
                .OrderBy(p => p.Cost)
                .ThenBy(p => p.HopCount)
                .ThenBy(p => p.Path, PortOrder.Instance)
                .Select(p => p.Path)];
        }

        paths[(source, destination)] = candidates;
        return true;
    }

    /// <summary>True when a tenant chain's segment was resolved differently since it was compiled (members, hosts, the segment itself), or, while failed, resolved again at all.</summary>
    private bool SegmentChanged(Entry entry)
    {
        if (entry.Spec.Tenant is null || _tenants is null || ReferenceEquals(entry.PlansSeen, _tenants.Plans))
        {
            return false;
        }

        if (entry.State == IntentState.Failed || entry.SegmentFingerprint is not var (key, fingerprint)
            || !_tenants.Plans.TryGetValue(key, out SegmentPlan? plan) || plan.Fingerprint() != fingerprint)
        {
            return true;
        }

        // Resolved again to the same: remember, so the fingerprint is not rebuilt on every loop input.
        entry.PlansSeen = _tenants.Plans;
        return false;
    }

    private static bool Broken(Entry entry, NetworkState state)
    {
        foreach (ChainLeg leg in entry.Legs)
        {
            if (state.FindSwitch(leg.Ingress.DatapathId) is null || state.FindSwitch(leg.Egress.DatapathId) is null)
            {
                return true;
            }

            foreach (LinkInfo link in leg.Path.Links)
            {
                if (state.FindLinkFrom(link.Source) is not { } now || now.Destination != link.Destination)
                {
                    return true;
                }
            }
        }

        foreach (var (mac, at) in entry.Anchors)
        {
            if (state.FindHost(mac) is { } host && host.Attachment != at)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sends the difference between the chain's rules on the switches and <paramref name="next"/>: adds first, deletions after, so traffic is never left without a rule.</summary>
    private static HashSet<ulong> Apply(Entry entry, Dictionary<IntentRuleKey, FlowMod> next, Outbox outbox)
    {
        var touched = new HashSet<ulong>();
        foreach (var (key, rule) in next)
        {
            if (!entry.Rules.TryGetValue(key, out FlowMod? old) || !old.Instructions[0].Actions.SequenceEqual(rule.Instructions[0].Actions))
            {
                outbox.Send(key.DatapathId, rule);
                touched.Add(key.DatapathId);
            }
        }

        foreach (var (key, old) in entry.Rules)
        {
            if (!next.ContainsKey(key))
            {
                outbox.Send(key.DatapathId, new FlowMod
                {
                    Command = FlowModCommand.DeleteStrict,
                    TableId = old.TableId,
                    Priority = old.Priority,
                    Cookie = old.Cookie,
                    CookieMask = ulong.MaxValue,
                    Match = old.Match,
                });
            }
        }

        entry.Rules = next;
        return touched;
    }

    private void Publish()
    {
        // A removed chain is no longer in _chains but marked changed on its entry: compare counts too.
        if (!_chains.Values.Any(e => e.Changed) && _chains.Count == Volatile.Read(ref _published).Count)
        {
            return;
        }

        ImmutableSortedDictionary<string, ChainInfo>.Builder builder = ImmutableSortedDictionary.CreateBuilder<string, ChainInfo>(StringComparer.Ordinal);
        foreach (Entry entry in _chains.Values)
        {
            entry.Changed = false;
            builder[entry.Spec.Name] = Info(entry);
        }

        Volatile.Write(ref _published, builder.ToImmutable());

        // Only now: whoever waits for a chain to settle reads it from what was just published.
        foreach (Entry entry in _chains.Values.Where(e => e.State != IntentState.Requested))
        {
            entry.Settled.TrySetResult();
        }
    }

    private static ChainInfo Info(Entry e) => new(e.Id, e.Spec, e.State, e.Reason, e.Hops, e.CreatedAt) { ReturnHops = e.ReturnHops };

    /// <summary>Orders paths by their links' ports, hop by hop: a tie-break that is the same whatever order links were discovered in.</summary>
    private sealed class PortOrder : IComparer<NetworkPath>
    {
        public static readonly PortOrder Instance = new();

        public int Compare(NetworkPath? x, NetworkPath? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            for (int i = 0; i < Math.Min(x.Links.Length, y.Links.Length); i++)
            {
                int c = x.Links[i].Source.CompareTo(y.Links[i].Source);
                if (c == 0)
                {
                    c = x.Links[i].Destination.CompareTo(y.Links[i].Destination);
                }

                if (c != 0)
                {
                    return c;
                }
            }

            return x.Links.Length.CompareTo(y.Links.Length);
        }
    }

    /// <summary>The segment of a tenant chain, with its source and destination hosts when named.</summary>
    private sealed record TenantTarget(SegmentPlan Plan, KnownHost? Source, KnownHost? Destination);

    /// <summary>A chain's mutable state, touched only on the loop.</summary>
    private sealed class Entry(long id, ChainSpec spec, DateTimeOffset createdAt)
    {
        public long Id { get; } = id;

        public ChainSpec Spec { get; } = spec;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public IntentState State { get; set; } = IntentState.Requested;

        public string? Reason { get; set; }

        public ImmutableArray<ChainHop> Hops { get; set; } = [];

        public List<ChainLeg> Legs { get; set; } = [];

        public Dictionary<IntentRuleKey, FlowMod> Rules { get; set; } = [];

        public ImmutableArray<ChainHop> ReturnHops { get; set; } = [];

        /// <summary>Hosts the chain starts or ends at, where they were when it was compiled: a move recompiles it.</summary>
        public List<(ulong Mac, SwitchPort At)> Anchors { get; set; } = [];

        /// <summary>For a tenant chain: its segment and the segment's resolution it was compiled for.</summary>
        public (string Key, string Fingerprint)? SegmentFingerprint { get; set; }

        /// <summary>The tenant plans (replaced whole on each tenant recompilation) this chain was last checked against.</summary>
        public object? PlansSeen { get; set; }

        public bool NeedsCompile { get; set; }

        public bool Changed { get; set; }

        /// <summary>The last compile's flow-mods, sent and waiting for their barriers; null when none wait.</summary>
        public PendingInstall? Awaiting { get; set; }

        public long Generation { get; set; }

        /// <summary>Completed when the chain first leaves <see cref="IntentState.Requested"/>.</summary>
        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
