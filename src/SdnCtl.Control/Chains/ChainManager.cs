using System.Collections.Immutable;
using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Chains;

/// <summary>
/// The service chain application on the control loop, modelled on <see cref="IntentManager"/>:
/// routes each chain leg by leg (source host → appliance 1 → … → destination host), sends each
/// switch the difference from what the chain had there, and recompiles a chain when a link of one
/// of its legs is lost or a host it names moves (state rerouted), or — while failed — on every
/// change, so a repaired network brings it back.
/// </summary>
internal sealed class ChainManager
{
    /// <summary>Priority of chain rules: above intents (30000) and reactive forwarding, below tenant isolation and discovery.</summary>
    public const ushort RulePriority = 31000;

    private readonly byte _table;
    private readonly IPathComputation _paths;
    private readonly PathMetric _metric;
    private readonly SortedDictionary<string, Entry> _chains = new(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, ChainInfo> _published = ImmutableSortedDictionary.Create<string, ChainInfo>(StringComparer.Ordinal);
    private readonly List<BarrierWait> _barrierWaits = [];
    private long _checkedVersion = -1;
    private long _lastId;

    public ChainManager(ControllerOptions options, IPathComputation paths, PathMetric metric = PathMetric.Hops)
    {
        _table = options.TableId;
        _paths = paths;
        _metric = metric;
    }

    /// <summary>The chains as last published; read from any thread.</summary>
    public ImmutableSortedDictionary<string, ChainInfo> Published => Volatile.Read(ref _published);

    public ChainResult Add(ChainSpec spec, NetworkState state, Outbox outbox)
    {
        if (_chains.ContainsKey(spec.Name))
        {
            return new ChainResult(IntentResultStatus.Conflict, null, $"a chain named '{spec.Name}' exists");
        }

        var entry = new Entry(++_lastId, spec, state.Now);
        _chains.Add(spec.Name, entry);
        Compile(entry, state, state.GetSnapshot(), outbox, "created");
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
        Apply(entry, [], outbox);
        entry.State = IntentState.Removed;
        entry.Reason = "deleted";
        entry.Hops = [];
        entry.Settled.TrySetResult();
        Publish();
        return new ChainResult(IntentResultStatus.Accepted, Info(entry), null);
    }

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
        if (_chains.Count == 0 || (state.Version == _checkedVersion && !_chains.Values.Any(e => e.NeedsCompile)))
        {
            return;
        }

        _checkedVersion = state.Version;
        string cause = state.Changes.Cause ?? "a topology change";
        TopologySnapshot? topology = null;
        foreach (Entry entry in _chains.Values)
        {
            if (entry.NeedsCompile || entry.State == IntentState.Failed || Broken(entry, state))
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
        if (!TryRoute(entry, state, topology, out List<ChainLeg> legs, out List<OxmEntry> match, out string? reason))
        {
            Fail(entry, reason!, state, outbox);
            return;
        }

        CompiledChain compiled = ChainCompiler.Compile(entry.Id, _table, RulePriority, legs, match);
        if (compiled.Conflict is { } conflict)
        {
            Fail(entry, conflict, state, outbox);
            return;
        }

        HashSet<ulong> touched = Apply(entry, compiled.Rules, outbox);
        ImmutableArray<ChainHop> hops = [.. compiled.Hops];
        entry.Legs = legs;
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
        SetState(entry, IntentState.Failed, reason, state);
    }

    private bool TryRoute(Entry entry, NetworkState state, TopologySnapshot topology, out List<ChainLeg> legs, out List<OxmEntry> match, out string? reason)
    {
        legs = [];
        match = [];
        ChainSpec spec = entry.Spec;
        if (!IntentManager.TryResolveHost(spec.Source, topology, state.Declared, out ulong srcMac, out SwitchPort srcAt, out reason) ||
            !IntentManager.TryResolveHost(spec.Destination, topology, state.Declared, out ulong dstMac, out SwitchPort dstAt, out reason))
        {
            return false;
        }

        entry.HostMacs = (srcMac, dstMac);
        match = [OxmEntry.EthSrc(srcMac), OxmEntry.EthDst(dstMac), .. IntentManager.MatchEntries(spec.Match)];
        SwitchPort from = srcAt;
        for (int i = 0; i <= spec.Appliances.Length; i++)
        {
            SwitchPort to;
            string? appliance = null;
            if (i < spec.Appliances.Length)
            {
                ChainAppliance a = spec.Appliances[i];
                if (!IntentManager.TryResolvePort(a.Attachment, $"appliances[{i}] ({a.Name})", topology, state.Declared, out to, out reason))
                {
                    return false;
                }

                appliance = a.Name;
            }
            else
            {
                to = dstAt;
            }

            NetworkPath path;
            if (from.DatapathId == to.DatapathId)
            {
                path = new NetworkPath(from.DatapathId, to.DatapathId, []);
            }
            else
            {
                PathQueryResult result = _paths.FindPaths(topology, from.DatapathId, to.DatapathId, _metric, 1, PathConstraints.None);
                if (!result.Found)
                {
                    reason = $"no path from {from} to {to} for leg {i + 1}: {result.Detail ?? result.Failed.ToString()}";
                    return false;
                }

                path = result.Paths[0].Path;
            }

            legs.Add(new ChainLeg(from, to, path, appliance));
            from = to;
        }

        reason = null;
        return true;
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

        if (entry.HostMacs is var (src, dst) && entry.Legs.Count > 0)
        {
            SwitchPort srcAt = entry.Legs[0].Ingress, dstAt = entry.Legs[^1].Egress;
            if ((state.FindHost(src) is { } s && s.Attachment != srcAt) || (state.FindHost(dst) is { } d && d.Attachment != dstAt))
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

    private static ChainInfo Info(Entry e) => new(e.Id, e.Spec, e.State, e.Reason, e.Hops, e.CreatedAt);

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

        public (ulong Source, ulong Destination)? HostMacs { get; set; }

        public bool NeedsCompile { get; set; }

        public bool Changed { get; set; }

        /// <summary>The last compile's flow-mods, sent and waiting for their barriers; null when none wait.</summary>
        public PendingInstall? Awaiting { get; set; }

        public long Generation { get; set; }

        /// <summary>Completed when the chain first leaves <see cref="IntentState.Requested"/>.</summary>
        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
