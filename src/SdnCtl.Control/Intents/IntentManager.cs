using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;
using SdnCtl.Topology.Values;

namespace SdnCtl.Control.Intents;

/// <summary>
/// The intent application on the control loop: compiles each intent on the current topology, sends
/// each switch only the difference from what the intent had there, and recompiles an intent when a
/// link or switch of its paths is lost, when its host moves, or — while it is failed or running
/// without its backup — whenever the topology changes, so that a repaired network brings it back.
/// </summary>
/// <remarks>
/// Per switch the difference goes out in an order that never leaves traffic without a rule: new or
/// changed groups, then new or changed rules (an ADD replaces a rule of the same match in place),
/// then rules that went, then groups that went (deleting a group deletes the rules that use it).
/// Two intents may not own a rule of the same match on a switch: the later one fails, naming the
/// other, rather than silently taking its traffic.
/// </remarks>
internal sealed class IntentManager
{
    /// <summary>Priority of intent rules: above reactive forwarding, below tenant isolation and discovery.</summary>
    public const ushort RulePriority = 30000;

    private const int MaxHistory = 100;

    private readonly byte _table;
    private readonly IPathComputation _paths;
    private readonly PathMetric _metric;
    private readonly SortedDictionary<long, IntentEntry> _intents = [];
    private readonly Dictionary<IntentRuleKey, long> _owners = [];
    private readonly Dictionary<ulong, HashSet<uint>> _groupsInUse = [];
    private readonly HashSet<long> _changed = [];
    private readonly List<BarrierWait> _barrierWaits = [];

    // Removed intents whose deletes await their switches' barriers, by id.
    private readonly Dictionary<long, PendingRemoval> _removals = [];
    private ImmutableSortedDictionary<long, IntentInfo> _published = ImmutableSortedDictionary<long, IntentInfo>.Empty;
    private long _checkedVersion = -1;
    private long _checkedGraphVersion = -1;
    private long _lastId;
    private bool _dirty;

    public IntentManager(ControllerOptions options, IPathComputation paths, PathMetric metric = PathMetric.Hops)
    {
        _table = options.TableId;
        _paths = paths;
        _metric = metric;
    }

    /// <summary>The intents as last published; read from any thread.</summary>
    public ImmutableSortedDictionary<long, IntentInfo> Published => Volatile.Read(ref _published);

    /// <summary>Intent rules believed installed, over all switches.</summary>
    public int RuleCount => _owners.Count;

    public IntentResult Add(IntentSpec spec, long? id, NetworkState state, Outbox outbox)
    {
        long newId = id ?? _lastId + 1;
        if (newId <= 0 || newId > (long)IntentCookies.IntentMask)
        {
            return new IntentResult(IntentResultStatus.Conflict, null, $"intent id {newId} is outside 1–{IntentCookies.IntentMask}");
        }

        if (_intents.ContainsKey(newId))
        {
            return new IntentResult(IntentResultStatus.Conflict, null, $"an intent with id {newId} exists");
        }

        foreach (IntentEntry other in _intents.Values)
        {
            if (SameTraffic(other.Spec, spec))
            {
                return new IntentResult(IntentResultStatus.Conflict, Info(other), $"intent {other.Id} already connects {other.Spec.Source} to {other.Spec.Destination} with the same match");
            }
        }

        _lastId = Math.Max(_lastId, newId);
        var entry = new IntentEntry(newId, spec, state.Now);
        _intents.Add(newId, entry);
        Transition(entry, IntentState.Requested, null, state);
        Compile(entry, state, state.GetSnapshot(), outbox, cause: null);
        Publish();
        return new IntentResult(IntentResultStatus.Accepted, Info(entry), null);
    }

    public IntentResult Remove(long id, NetworkState state, Outbox outbox)
    {
        if (!_intents.Remove(id, out IntentEntry? entry))
        {
            return new IntentResult(IntentResultStatus.NotFound, null, $"no intent has id {id}");
        }

        entry.Awaiting = null;
        var switches = new HashSet<ulong>();
        foreach (var key in entry.Rules.Keys)
        {
            switches.Add(key.DatapathId);
        }

        foreach (var (dpid, _) in entry.Groups.Keys)
        {
            switches.Add(dpid);
        }

        Apply(entry, new CompiledIntent(), outbox);
        // Gone once every switch that held a rule of it confirmed the deletes with a barrier (OnBarrier).
        entry.Generation++;
        if (PendingRemoval.Start(_removals, id, entry.Generation, switches) is { } removal)
        {
            _barrierWaits.Add(removal.Wait(false, id));
        }

        ReleaseReservations(entry);
        entry.Paths = [];
        Transition(entry, IntentState.Removed, "deleted", state);
        _changed.Remove(id);
        ImmutableInterlocked.Update(ref _published, static (p, i) => p.Remove(i), id);
        entry.Settled.TrySetResult();

        // Its bandwidth and rules are free now: an intent that failed for want of them may fit.
        foreach (IntentEntry waiting in _intents.Values)
        {
            if (waiting.State == IntentState.Failed)
            {
                waiting.NeedsCompile = true;
                _dirty = true;
            }
        }

        Publish();
        return new IntentResult(IntentResultStatus.Accepted, Info(entry), null);
    }

    /// <summary>
    /// A (re)connected switch holds none of our rules as far as we know: forget what we had there and
    /// recompile the intents that used it, so the next refresh has their rules and groups again; the
    /// control plane reconciles those with what the switch reports holding (<see cref="RulesOn"/>,
    /// <see cref="GroupsOn"/>), so rules already right stay untouched.
    /// </summary>
    public void OnSwitchConnected(SwitchEntry sw)
    {
        ulong dpid = sw.DatapathId;
        foreach (IntentEntry entry in _intents.Values)
        {
            bool had = false;
            foreach (IntentRuleKey key in entry.Rules.Keys.Where(k => k.DatapathId == dpid).ToList())
            {
                entry.Rules.Remove(key);
                _owners.Remove(key);
                had = true;
            }

            foreach (var key in entry.Groups.Keys.Where(k => k.DatapathId == dpid).ToList())
            {
                entry.Groups.Remove(key);
                had = true;
            }

            if (had)
            {
                entry.NeedsCompile = true;
                _dirty = true;
            }
        }
    }

    /// <summary>For a switch whose flows could not be read: deletes every intent rule it may hold (by cookie).</summary>
    public void DeleteAllOn(ulong dpid, Outbox outbox)
    {
        if (_intents.Count > 0)
        {
            outbox.Send(dpid, new FlowMod
            {
                Command = FlowModCommand.Delete,
                TableId = _table,
                Cookie = IntentCookies.Application,
                CookieMask = Forwarding.FlowCookies.ApplicationMask,
            });
        }
    }

    /// <summary>The intent rules believed installed (desired) on <paramref name="dpid"/>.</summary>
    public IEnumerable<FlowMod> RulesOn(ulong dpid) =>
        _intents.Values.SelectMany(e => e.Rules).Where(r => r.Key.DatapathId == dpid).Select(r => r.Value);

    /// <summary>The intent groups believed installed (desired) on <paramref name="dpid"/>.</summary>
    public IEnumerable<GroupMod> GroupsOn(ulong dpid) =>
        _intents.Values.SelectMany(e => e.Groups).Where(g => g.Key.DatapathId == dpid).Select(g => g.Value);

    /// <summary>Recompiles the intents the last input may have affected and sends the differences.</summary>
    public void Refresh(NetworkState state, Outbox outbox)
    {
        if (_intents.Count == 0 || (!_dirty && state.Version == _checkedVersion))
        {
            return;
        }

        bool graphChanged = state.GraphVersion != _checkedGraphVersion;
        _dirty = false;
        _checkedVersion = state.Version;
        _checkedGraphVersion = state.GraphVersion;
        string cause = state.Changes.Cause ?? "a topology change";

        // Checked against the live state; a snapshot is built only when something must be compiled,
        // since the version moves with every host learned.
        TopologySnapshot? topology = null;
        foreach (IntentEntry entry in _intents.Values)
        {
            // A failed intent waits for what it lacks: links or switches (any graph change), or a host
            // (any change, hosts are not in the graph); capacity and conflicts free up on removals.
            bool compile = entry.NeedsCompile
                || entry.State is IntentState.Requested
                || (entry.State is IntentState.Failed && (graphChanged || entry.Failed == PathConstraint.Endpoint))
                || (entry.Degraded && graphChanged)
                || Broken(entry, state);
            if (compile)
            {
                topology ??= state.GetSnapshot();
                Compile(entry, state, topology, outbox, cause);
            }
        }

        Publish();
    }

    private void Compile(IntentEntry entry, NetworkState state, TopologySnapshot topology, Outbox outbox, string? cause)
    {
        entry.NeedsCompile = false;
        ReleaseReservations(entry);
        if (!TryRoute(entry, state, topology, out List<DirectionPlan> plans, out List<(ComputedPath Primary, ComputedPath? Backup)> routes, out PathConstraint failed, out string? reason, out string? note))
        {
            Fail(entry, failed, reason!, state, outbox);
            return;
        }

        if (entry.Spec.Constraints?.MinBandwidthMbps is double mbps)
        {
            foreach (var route in routes)
            {
                ReservationResult held = _paths.ReservePath(topology, route.Primary, mbps);
                if (held.Reservation is null)
                {
                    ReleaseReservations(entry);
                    Fail(entry, held.Failed, "minBandwidthMbps: " + held.Detail, state, outbox);
                    return;
                }

                entry.Reservations.Add(held.Reservation.Id);
            }
        }

        CompiledIntent compiled = IntentCompiler.Compile(entry.Id, _table, RulePriority, plans, (d, dpid) => GroupIdFor(entry, d, dpid));
        foreach (IntentRuleKey key in compiled.Rules.Keys)
        {
            if (_owners.TryGetValue(key, out long owner) && owner != entry.Id)
            {
                ReleaseReservations(entry);
                Fail(entry, PathConstraint.Combination, string.Create(CultureInfo.InvariantCulture, $"conflict: intent {owner} already steers traffic with the same in_port and match on switch {key.DatapathId:x16}; give a narrower match"), state, outbox);
                return;
            }
        }

        HashSet<ulong> touched = Apply(entry, compiled, outbox);
        var paths = ImmutableArray.CreateBuilder<IntentPath>(plans.Count);
        for (int d = 0; d < plans.Count; d++)
        {
            long? reservation = entry.Reservations.Count > d ? entry.Reservations[d] : null;
            paths.Add(new IntentPath(plans[d].Ingress, plans[d].Egress, routes[d].Primary, routes[d].Backup, reservation, compiled.FailoverSwitches[d]));
        }

        bool moved = !SamePaths(entry.Paths, paths);
        bool wasDegraded = entry.Degraded;
        entry.Paths = paths.MoveToImmutable();
        entry.Failed = null;
        entry.Degraded = note is not null;
        _changed.Add(entry.Id);
        IntentState next = entry.State switch
        {
            IntentState.Installed or IntentState.Rerouted when moved => IntentState.Rerouted,
            IntentState.Installed or IntentState.Rerouted => entry.State,
            _ => IntentState.Installed,
        };
        string? why = note ?? (moved && next == IntentState.Rerouted ? "moved to a new path after " + cause
            : next == entry.State && !entry.Degraded && !wasDegraded ? entry.Reason : null);
        if (touched.Count > 0)
        {
            // Installed (or rerouted) once every switch sent to has confirmed with a barrier (OnBarrier).
            entry.Generation++;
            entry.Awaiting = new PendingInstall(next, why, touched, entry.Generation);
            _barrierWaits.Add(new BarrierWait(false, entry.Id, entry.Generation, touched));
        }
        else if (entry.Awaiting is { } waiting)
        {
            // Nothing new sent: the state follows once the barriers already awaited come back.
            waiting.State = next;
            waiting.Reason = why;
        }
        else
        {
            Transition(entry, next, why, state);
        }
    }

    /// <summary>Completes when intent <paramref name="id"/> has left <see cref="IntentState.Requested"/> (at once if it has, or is unknown).</summary>
    public Task WhenSettled(long id) => _intents.TryGetValue(id, out IntentEntry? entry) ? entry.Settled.Task : Task.CompletedTask;

    /// <summary>
    /// Completes when the switches confirmed (barrier) the deletes of intent <paramref name="id"/>'s
    /// removal, at once if it had nothing on any switch. Call on the loop right after <see cref="Remove"/>.
    /// </summary>
    public Task WhenRemoved(long id) => _removals.TryGetValue(id, out PendingRemoval? removal) ? removal.Done.Task : Task.CompletedTask;

    /// <summary>True when <see cref="TakeBarrierWaits"/> has something to take (checked after every input, so that an empty take costs no list).</summary>
    public bool HasBarrierWaits => _barrierWaits.Count > 0;

    /// <summary>The compiles that sent flow-mods since the last call: the control plane sends each switch a barrier after them.</summary>
    public List<BarrierWait> TakeBarrierWaits()
    {
        List<BarrierWait> taken = [.. _barrierWaits];
        _barrierWaits.Clear();
        return taken;
    }

    /// <summary>
    /// A barrier sent after intent <paramref name="id"/>'s flow-mods came back from <paramref name="dpid"/>:
    /// once every switch of that compile has answered, the intent takes the state the compile led to.
    /// A barrier that failed (the switch went away) confirms nothing; the intent is recompiled anyway.
    /// </summary>
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

        if (!confirmed || !_intents.TryGetValue(id, out IntentEntry? entry) || entry.Awaiting is not { } waiting || waiting.Generation != generation)
        {
            return;
        }

        waiting.Switches.Remove(dpid);
        if (waiting.Switches.Count == 0)
        {
            entry.Awaiting = null;
            Transition(entry, waiting.State, waiting.Reason, state);
            Publish();
        }
    }

    /// <summary>
    /// A switch refused one of an intent's FLOW_MODs or GROUP_MODs (an OFPT_ERROR whose xid the session
    /// matched to the request): the intent is failed, naming the switch and its error, and what it had
    /// on the switches is removed. Retried on the next topology change, like any failed intent.
    /// </summary>
    public bool OnSwitchError(ulong dpid, OfpMessage request, string error, NetworkState state, Outbox outbox)
    {
        IntentEntry? entry = request switch
        {
            FlowMod { Command: FlowModCommand.Add or FlowModCommand.Modify or FlowModCommand.ModifyStrict } f when IntentCookies.IsIntentRule(f.Cookie) =>
                _intents.GetValueOrDefault((long)(f.Cookie & IntentCookies.IntentMask)),
            GroupMod { Command: GroupModCommand.Add or GroupModCommand.Modify } g when IntentCookies.IsIntentGroup(g.GroupId) =>
                _intents.Values.FirstOrDefault(e => e.Groups.ContainsKey((dpid, g.GroupId))),
            _ => null,
        };
        if (entry is null || entry.State == IntentState.Failed)
        {
            return false;
        }

        ReleaseReservations(entry);
        Fail(entry, null, string.Create(CultureInfo.InvariantCulture, $"switch {dpid:x16} refused {request.Type}: {error}"), state, outbox);
        Publish();
        return true;
    }

    private void Fail(IntentEntry entry, PathConstraint? failed, string reason, NetworkState state, Outbox outbox)
    {
        entry.Awaiting = null;
        Apply(entry, new CompiledIntent(), outbox);
        entry.Paths = [];
        entry.Failed = failed;
        entry.Degraded = false;
        _changed.Add(entry.Id);
        Transition(entry, IntentState.Failed, reason, state);
    }

    /// <summary>Resolves the endpoints and constraints and finds each direction's path (and backup).</summary>
    private bool TryRoute(
        IntentEntry entry,
        NetworkState state,
        TopologySnapshot topology,
        out List<DirectionPlan> plans,
        out List<(ComputedPath Primary, ComputedPath? Backup)> routes,
        out PathConstraint failed,
        out string? reason,
        out string? note)
    {
        plans = [];
        routes = [];
        note = null;
        IntentSpec spec = entry.Spec;
        IntentConstraints c = spec.Constraints ?? IntentConstraints.None;
        var directions = new List<(SwitchPort Ingress, SwitchPort Egress, List<OxmEntry> Match, bool Reverse)>(2);
        if (spec.Kind == IntentKind.HostToHost)
        {
            if (!TryResolveHost(spec.Source, topology, state.Declared, out ulong srcMac, out SwitchPort srcAt, out reason) ||
                !TryResolveHost(spec.Destination, topology, state.Declared, out ulong dstMac, out SwitchPort dstAt, out reason))
            {
                failed = PathConstraint.Endpoint;
                return false;
            }

            entry.HostMacs = (srcMac, dstMac);
            directions.Add((srcAt, dstAt, [OxmEntry.EthSrc(srcMac), OxmEntry.EthDst(dstMac)], false));
            directions.Add((dstAt, srcAt, [OxmEntry.EthSrc(dstMac), OxmEntry.EthDst(srcMac)], true));
        }
        else
        {
            if (!TryResolvePort(spec.Source, "source", topology, state.Declared, out SwitchPort from, out reason) ||
                !TryResolvePort(spec.Destination, "destination", topology, state.Declared, out SwitchPort to, out reason))
            {
                failed = PathConstraint.Endpoint;
                return false;
            }

            directions.Add((from, to, MatchEntries(spec.Match), false));
        }

        var avoid = ImmutableArray.CreateBuilder<ulong>();
        foreach (string name in c.Avoid.IsDefault ? [] : c.Avoid)
        {
            // A switch that is not there is avoided already.
            if (TryResolveSwitch(name, topology, state.Declared, out ulong dpid))
            {
                avoid.Add(dpid);
            }
        }

        var waypointList = new List<ulong>();
        foreach (string name in c.Waypoints.IsDefault ? [] : c.Waypoints)
        {
            if (!TryResolveSwitch(name, topology, state.Declared, out ulong dpid) || topology.FindSwitch(dpid) is null)
            {
                failed = PathConstraint.Waypoints;
                reason = $"waypoints: switch '{name}' is not connected";
                return false;
            }

            waypointList.Add(dpid);
        }

        ImmutableArray<ulong> waypoints = [.. waypointList];

        foreach (var (ingress, egress, match, reverse) in directions)
        {
            ImmutableArray<ulong> via = reverse ? [.. Enumerable.Reverse(waypoints)] : waypoints;
            var constraints = new PathConstraints(c.MinBandwidthMbps, c.MaxLatencyMs, c.MaxHops, avoid.ToImmutable(), default, via);
            if (!TryFindPath(ingress.DatapathId, egress.DatapathId, spec.Protected, constraints, topology, out ComputedPath? primary, out ComputedPath? backup, out failed, out reason, ref note))
            {
                return false;
            }

            plans.Add(new DirectionPlan(ingress, egress, primary!.Path, backup?.Path, match));
            routes.Add((primary, backup));
        }

        failed = PathConstraint.None;
        reason = null;
        return true;
    }

    private bool TryFindPath(
        ulong source,
        ulong destination,
        bool protect,
        PathConstraints constraints,
        TopologySnapshot topology,
        out ComputedPath? primary,
        out ComputedPath? backup,
        out PathConstraint failed,
        out string? reason,
        ref string? note)
    {
        primary = null;
        backup = null;
        failed = PathConstraint.None;
        reason = null;
        if (source == destination)
        {
            // One switch: nothing to route and no link to protect.
            if (!constraints.AvoidSwitches.IsDefaultOrEmpty && constraints.AvoidSwitches.Contains(source))
            {
                failed = PathConstraint.Avoid;
                reason = $"avoid: both endpoints are on switch {source:x16}, which is to be avoided";
                return false;
            }

            primary = new ComputedPath(new NetworkPath(source, destination, []), _metric, 0, 0, double.PositiveInfinity);
            return true;
        }

        if (protect)
        {
            var (pair, why, detail) = _paths.DisjointPair(topology, source, destination, _metric, constraints);
            if (pair is not null)
            {
                primary = pair.Primary;
                backup = pair.Backup;
                return true;
            }

            if (why != PathConstraint.Disjoint)
            {
                failed = why;
                reason = Describe(why, detail);
                return false;
            }

            note = "protected: " + detail + "; running unprotected until a link-disjoint backup exists";
        }

        PathQueryResult result = _paths.FindPaths(topology, source, destination, _metric, 1, constraints);
        if (!result.Found)
        {
            failed = result.Failed;
            reason = Describe(result.Failed, result.Detail);
            return false;
        }

        primary = result.Paths[0];
        return true;
    }

    /// <summary>True when a link or switch of its paths is gone, or a host it connects moved.</summary>
    private static bool Broken(IntentEntry entry, NetworkState state)
    {
        foreach (IntentPath path in entry.Paths)
        {
            if (state.FindSwitch(path.Ingress.DatapathId) is null || state.FindSwitch(path.Egress.DatapathId) is null ||
                Lost(path.Primary.Path, state) || (path.Backup is { } b && Lost(b.Path, state)))
            {
                return true;
            }
        }

        if (entry.HostMacs is var (src, dst) && !entry.Paths.IsDefaultOrEmpty)
        {
            SwitchPort srcAt = entry.Paths[0].Ingress, dstAt = entry.Paths[0].Egress;
            if ((state.FindHost(src) is { } s && s.Attachment != srcAt) || (state.FindHost(dst) is { } d && d.Attachment != dstAt))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Lost(NetworkPath path, NetworkState state)
    {
        foreach (LinkInfo link in path.Links)
        {
            if (state.FindLinkFrom(link.Source) is not { } now || now.Destination != link.Destination)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sends the difference between what the intent has on the switches and <paramref name="next"/>, and records <paramref name="next"/> as installed.</summary>
    private HashSet<ulong> Apply(IntentEntry entry, CompiledIntent next, Outbox outbox)
    {
        var touched = new HashSet<ulong>();
        foreach (var ((dpid, groupId), group) in next.Groups)
        {
            if (!entry.Groups.TryGetValue((dpid, groupId), out GroupMod? old))
            {
                // A switch that kept the group from before a restart would refuse the ADD; deleting a
                // missing group is not an error (spec 6.5).
                outbox.Send(dpid, new GroupMod { Command = GroupModCommand.Delete, GroupId = groupId });
                outbox.Send(dpid, group);
                touched.Add(dpid);
            }
            else if (!old.Buckets.SequenceEqual(group.Buckets))
            {
                outbox.Send(dpid, new GroupMod { Command = GroupModCommand.Modify, GroupType = group.GroupType, GroupId = groupId, Buckets = group.Buckets });
                touched.Add(dpid);
            }
        }

        foreach (var (key, rule) in next.Rules)
        {
            if (!entry.Rules.TryGetValue(key, out FlowMod? old) || !SameActions(old, rule))
            {
                outbox.Send(key.DatapathId, rule);
                touched.Add(key.DatapathId);
            }

            _owners[key] = entry.Id;
        }

        foreach (var (key, old) in entry.Rules)
        {
            if (!next.Rules.ContainsKey(key))
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
                if (_owners.TryGetValue(key, out long owner) && owner == entry.Id)
                {
                    _owners.Remove(key);
                }
            }
        }

        foreach (var (dpid, groupId) in entry.Groups.Keys)
        {
            if (!next.Groups.ContainsKey((dpid, groupId)))
            {
                outbox.Send(dpid, new GroupMod { Command = GroupModCommand.Delete, GroupId = groupId });
            }
        }

        // Give back the ids of groups the intent no longer has.
        foreach (var (key, groupId) in entry.GroupIds.ToList())
        {
            if (!next.Groups.ContainsKey((key.DatapathId, groupId)))
            {
                entry.GroupIds.Remove(key);
                _groupsInUse.GetValueOrDefault(key.DatapathId)?.Remove(groupId);
            }
        }

        entry.Rules = next.Rules;
        entry.Groups = next.Groups;
        return touched;
    }

    private uint GroupIdFor(IntentEntry entry, int direction, ulong dpid)
    {
        if (entry.GroupIds.TryGetValue((direction, dpid), out uint id))
        {
            return id;
        }

        if (!_groupsInUse.TryGetValue(dpid, out HashSet<uint>? used))
        {
            _groupsInUse[dpid] = used = [];
        }

        id = IntentCookies.FirstGroupId;
        while (!used.Add(id))
        {
            id++;
        }

        entry.GroupIds[(direction, dpid)] = id;
        return id;
    }

    private void ReleaseReservations(IntentEntry entry)
    {
        foreach (long id in entry.Reservations)
        {
            _paths.Release(id);
        }

        entry.Reservations.Clear();
    }

    private void Transition(IntentEntry entry, IntentState state, string? reason, NetworkState network)
    {
        if (entry.State == state && entry.Reason == reason && entry.History.Count > 0)
        {
            return;
        }

        entry.State = state;
        entry.Reason = reason;
        entry.History.Add(new IntentTransition(state, network.Now, reason));
        if (entry.History.Count > MaxHistory)
        {
            entry.History.RemoveAt(0);
        }

        _changed.Add(entry.Id);
        network.AddEvent(new IntentEvent(network.Version, network.Now, entry.Id, entry.Spec.Tenant, state, reason));
    }

    private void Publish()
    {
        if (_changed.Count == 0)
        {
            return;
        }

        ImmutableSortedDictionary<long, IntentInfo>.Builder builder = Volatile.Read(ref _published).ToBuilder();
        var settled = new List<IntentEntry>();
        foreach (long id in _changed)
        {
            if (_intents.TryGetValue(id, out IntentEntry? entry))
            {
                builder[id] = Info(entry);
                if (entry.State != IntentState.Requested)
                {
                    settled.Add(entry);
                }
            }
        }

        _changed.Clear();
        Volatile.Write(ref _published, builder.ToImmutable());

        // Only now: whoever waits for an intent to settle reads it from what was just published.
        foreach (IntentEntry entry in settled)
        {
            entry.Settled.TrySetResult();
        }
    }

    private static IntentInfo Info(IntentEntry e) =>
        new(e.Id, e.Spec, e.State, e.Reason, e.Failed, e.Paths, [.. e.History], e.CreatedAt);

    private static bool SameTraffic(IntentSpec a, IntentSpec b)
    {
        if (a.Kind != b.Kind || a.Match != b.Match)
        {
            return false;
        }

        bool same = string.Equals(a.Source, b.Source, StringComparison.Ordinal) && string.Equals(a.Destination, b.Destination, StringComparison.Ordinal);
        return a.Kind == IntentKind.HostToHost
            ? same || (string.Equals(a.Source, b.Destination, StringComparison.Ordinal) && string.Equals(a.Destination, b.Source, StringComparison.Ordinal))
            : string.Equals(a.Source, b.Source, StringComparison.Ordinal);
    }

    private static bool SamePaths(ImmutableArray<IntentPath> a, ImmutableArray<IntentPath>.Builder b)
    {
        if (a.IsDefault || a.Length != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            // Only the primary carries traffic: a backup added, lost or changed is not a reroute.
            if (a[i].Ingress != b[i].Ingress || a[i].Egress != b[i].Egress || !a[i].Primary.Path.Equals(b[i].Primary.Path))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameActions(FlowMod a, FlowMod b) =>
        a.Instructions.Count == b.Instructions.Count &&
        a.Instructions.Zip(b.Instructions).All(p => p.First.Type == p.Second.Type && p.First.Actions.SequenceEqual(p.Second.Actions));

    internal static List<OxmEntry> MatchEntries(IntentMatch? match)
    {
        var entries = new List<OxmEntry>();
        if (match is null || match.IsEmpty)
        {
            return entries;
        }

        entries.Add(OxmEntry.EthType(0x0800));
        if (match.IpProto is byte proto)
        {
            entries.Add(OxmEntry.IpProto(proto));
        }

        if (match.Ipv4Source is { } src)
        {
            entries.Add(OxmEntry.Ipv4Src(src.Address, src.Length));
        }

        if (match.Ipv4Destination is { } dst)
        {
            entries.Add(OxmEntry.Ipv4Dst(dst.Address, dst.Length));
        }

        bool tcp = match.IpProto == 6;
        if (match.SourcePort is ushort sp)
        {
            entries.Add(tcp ? OxmEntry.TcpSrc(sp) : OxmEntry.UdpSrc(sp));
        }

        if (match.DestinationPort is ushort dp)
        {
            entries.Add(tcp ? OxmEntry.TcpDst(dp) : OxmEntry.UdpDst(dp));
        }

        return entries;
    }

    /// <summary>A host by name or MAC: where it was learned, or where the declared topology puts it.</summary>
    internal static bool TryResolveHost(string text, TopologySnapshot topology, DeclaredTopology? declared, out ulong mac, out SwitchPort at, out string? reason)
    {
        at = default;
        reason = null;
        HostSpec? declaredHost = declared?.Document.Hosts.FirstOrDefault(h => string.Equals(h.Name, text, StringComparison.Ordinal));
        if (declaredHost is not null)
        {
            mac = declaredHost.Mac;
        }
        else if (!MacFormat.TryParse(text, out mac))
        {
            HostInfo? named = topology.Hosts.FirstOrDefault(h => string.Equals(h.Name, text, StringComparison.Ordinal));
            if (named is null)
            {
                reason = $"host '{text}' is not known: no packet from it has reached the controller and the declared topology does not name it";
                return false;
            }

            mac = named.Mac;
        }

        ulong wanted = mac;
        if (topology.FindHost(mac) is { } learned)
        {
            at = learned.Attachment;
        }
        else if ((declaredHost ?? declared?.Document.Hosts.FirstOrDefault(h => h.Mac == wanted)) is { } spec && DeclaredTopology.TryResolve(declared!.Document, spec.Attachment, out SwitchPort port))
        {
            at = port;
        }
        else
        {
            reason = $"host '{text}' is not known: no packet from it has reached the controller yet";
            return false;
        }

        if (topology.FindSwitch(at.DatapathId) is null)
        {
            reason = $"host '{text}' is attached to switch {at.DatapathId:x16}, which is not connected";
            return false;
        }

        return true;
    }

    internal static bool TryResolvePort(string text, string field, TopologySnapshot topology, DeclaredTopology? declared, out SwitchPort port, out string? reason)
    {
        port = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint number) ||
            !TryResolveSwitch(text[..colon], topology, declared, out ulong dpid))
        {
            reason = $"{field}: '{text}' is not a known switch:port";
            return false;
        }

        port = new SwitchPort(dpid, number);
        if (topology.FindSwitch(dpid) is not { } sw)
        {
            reason = $"{field}: switch {text[..colon]} is not connected";
            return false;
        }

        if (sw.FindPort(number) is null)
        {
            reason = $"{field}: switch {text[..colon]} has no port {number}";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>A switch by name (connected or declared) or datapath id.</summary>
    internal static bool TryResolveSwitch(string text, TopologySnapshot topology, DeclaredTopology? declared, out ulong dpid)
    {
        foreach (SwitchInfo s in topology.Switches)
        {
            if (string.Equals(s.Name, text, StringComparison.Ordinal))
            {
                dpid = s.DatapathId;
                return true;
            }
        }

        if (declared?.Document.FindSwitch(text) is { } spec)
        {
            dpid = spec.DatapathId;
            return true;
        }

        return DatapathIdText.TryParse(text, out dpid, out _);
    }

    private static string Describe(PathConstraint failed, string? detail) => failed switch
    {
        PathConstraint.MinBandwidth => "minBandwidthMbps: ",
        PathConstraint.MaxLatency => "maxLatencyMs: ",
        PathConstraint.MaxHops => "maxHops: ",
        PathConstraint.Avoid => "avoid: ",
        PathConstraint.Waypoints => "waypoints: ",
        PathConstraint.Disjoint => "protected: ",
        PathConstraint.Reachability => "no path: ",
        PathConstraint.Endpoint => "endpoint: ",
        PathConstraint.Combination => "constraints together: ",
        _ => string.Empty,
    } + (detail ?? failed.ToString());
}
