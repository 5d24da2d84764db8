using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using SdnCtl.Control.Core;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// Reactive L2 forwarding between learned hosts, Faucet-style pure: it reads the loop's
/// <see cref="NetworkState"/> and writes the OpenFlow messages to send into an <see cref="Outbox"/>.
/// </summary>
/// <remarks>
/// <para>
/// Broadcasts and unknown destinations are flooded out of the edge ports of every switch and never
/// over an inter-switch link, so a flood cannot loop whatever the topology. ARP requests for
/// learned hosts are answered by the controller (proxy ARP) and not flooded at all.
/// </para>
/// <para>
/// A packet toward a learned host installs destination-MAC rules along the shortest path from the
/// switch that reported it, then the packet itself is sent straight out of the host's port at the
/// last switch: that delivery does not race the FLOW_MODs still travelling to the switches on the
/// path (no barrier round trip needed, no duplicate PACKET_IN from a switch that has not applied its
/// rule yet), and later packets follow the rules.
/// </para>
/// <para>
/// The rules toward one host form an in-tree (<see cref="RouteTree"/>). When a link or switch the
/// tree uses is lost, or the host moves, the tree is recomputed from the switches traffic entered
/// at, and only the difference is sent: new or changed hops get an ADD (which replaces the rule
/// in place), switches that left the tree get a DELETE by the destination's cookie. Never a DELETE
/// and an ADD for the same rule on one switch, which an OpenFlow switch may reorder without a
/// barrier.
/// </para>
/// </remarks>
internal sealed class ReactiveForwarding
{
    private readonly ControllerOptions _options;
    private readonly IPathService _paths;
    private readonly ushort _idleTimeout;
    private readonly FloodGuard _floodGuard;
    private readonly Dictionary<ulong, RouteTree> _routes = [];

    // Trees of the one shape most of them have (every one cbench makes, and every one the fast path
    // answers): a single rule, on the host's own switch toward its port, entered from that switch. Such a
    // tree is its root and nothing else, so it is kept as that value here instead of as a RouteTree:
    // no object per destination for the collector to allocate, promote and trace (a RouteTree was about
    // 100 bytes of every such packet-in), and no reference in the table's entries. Any other use turns it
    // into a RouteTree in _routes first (see TryGetTree); a MAC is in one of the two tables at most.
    private readonly Dictionary<ulong, SwitchPort> _rootOnly = [];

    // Reverse indexes so that a lost link or switch finds its destinations without a scan.
    private readonly Dictionary<SwitchPort, HashSet<ulong>> _byHop = [];
    private readonly Dictionary<ulong, HashSet<ulong>> _bySwitch = [];
    private readonly HashSet<ulong> _affectedScratch = [];
    private readonly List<ulong> _affectedOrder = [];

    // apply_actions(output:P) per output port, shared by every rule toward that port: the rules the
    // packet-in path sends differ only in their match, and building the instruction (an object, its
    // action list and array) per packet-in was a third of the path's allocation. The instruction list
    // holding it is shared the same way (as the PACKET_OUT's action list below is): never changed once
    // built, and nothing changes a FlowMod's list after it is sent.
    private readonly Dictionary<uint, List<OfpInstruction>> _outputInstructions = [];

    // The same for the delivering PACKET_OUT's action list (output:P), one per port, never changed.
    private readonly Dictionary<uint, List<OfpAction>> _outputActions = [];

    // The snapshot paths are computed on for packet-ins, kept until switches or links change (its
    // graph version). Learning a host bumps the state's version, so GetSnapshot per packet-in rebuilt
    // a snapshot (switch arrays, the persistent host tree's path) per packet: a quarter of the loop's
    // time in a cbench run. The path services read only switches and links from it.
    private TopologySnapshot? _pathSnapshot;

    // The packet-in path's messages, encoded from the answer template into instances reused from input
    // to input (see EncodedMessage): handed out from the start of the list again once the loop has
    // dispatched the outbox that held them (RecycleEncoded). A FlowMod and a PacketOut with their lists
    // per packet-in were a third of what the loop allocated for it, and the session kept each of them
    // (by reference, for error reports) for its next thousand messages, long enough to be promoted.
    private readonly AnswerTemplate _template;
    private readonly List<EncodedMessage> _encoded = [];
    private int _encodedInUse;

    // Scratch for Recompute, reused so that a reroute allocates per destination only what it sends.
    private readonly List<ulong> _ingressOrder = [];
    private readonly Dictionary<ulong, uint> _oldHops = [];
    private readonly List<KeyValuePair<ulong, uint>> _hopScratch = [];

    public ReactiveForwarding(ControllerOptions options, IPathService paths)
    {
        _options = options;
        _paths = paths;
        _idleTimeout = (ushort)options.FlowIdleTimeout.TotalSeconds;
        _floodGuard = new FloodGuard(options.FloodSuppressionWindow);
        _template = new AnswerTemplate(AddRule(0, 0).ToArray(), new PacketOut { InPort = OfpPortNo.Controller, Actions = [OfpAction.Output(0)] }.ToArray());
    }

    public long Floods { get; private set; }

    /// <summary>Ports floods must skip: those that belong to a tenant segment, whose broadcast domain is the segment's own.</summary>
    public Func<SwitchPort, bool>? ExcludeFromFlood { get; set; }

    public long ProxyArpReplies { get; private set; }

    /// <summary>Gratuitous ARPs learned from and not flooded (proxy ARP answers for their senders).</summary>
    public long GratuitousArpsAbsorbed { get; private set; }

    public long Unreachable { get; private set; }

    public long FloodEchoesDropped => _floodGuard.Suppressed;

    /// <summary>The flood guard, whose published keys the fast path reads (see <see cref="FloodGuard.MayBeEcho"/>).</summary>
    public FloodGuard FloodGuard => _floodGuard;

    /// <summary>Destinations with installed rules.</summary>
    public int RouteCount => _routes.Count + _rootOnly.Count;

    /// <summary>Forwarding rules believed installed, over all switches.</summary>
    public int RuleCount { get; private set; }

    /// <summary>The installed hops toward <paramref name="mac"/> (switch → output port), for tests and diagnostics.</summary>
    public IReadOnlyDictionary<ulong, uint>? HopsToward(ulong mac)
    {
        if (_rootOnly.TryGetValue(mac, out SwitchPort root))
        {
            return new Dictionary<ulong, uint> { [root.DatapathId] = root.PortNo };
        }

        if (!_routes.TryGetValue(mac, out RouteTree? tree))
        {
            return null;
        }

        var hops = new Dictionary<ulong, uint>();
        tree.CopyHopsTo(hops);
        return hops;
    }

    /// <summary>Installs the table-miss rule and clears forwarding rules a previous session left behind.</summary>
    public void OnSwitchConnected(SwitchEntry sw, Outbox outbox)
    {
        outbox.Send(sw.DatapathId, new FlowMod
        {
            Command = FlowModCommand.Delete,
            TableId = _options.TableId,
            Cookie = FlowCookies.ForwardingApplication,
            CookieMask = FlowCookies.ApplicationMask,
        });
        outbox.Send(sw.DatapathId, new FlowMod
        {
            Command = FlowModCommand.Add,
            TableId = _options.TableId,
            Priority = 0,
            Cookie = FlowCookies.TableMiss,
            Instructions = [OfpInstruction.ApplyActions(OfpAction.ToController())],
        });
    }

    /// <summary>True when the frame is one the controller flooded moments ago coming back; drop it before anything learns from it.</summary>
    public bool IsFloodEcho(ReadOnlySpan<byte> frame, ulong dpid, uint inPort, DateTimeOffset now) =>
        _floodGuard.IsEcho(frame, dpid, inPort, now);

    public void OnTick(DateTimeOffset now) => _floodGuard.Sweep(now);

    /// <summary>A non-LLDP packet arrived at the controller from <paramref name="sw"/>:<paramref name="inPort"/>.</summary>
    public void HandlePacketIn(NetworkState state, SwitchEntry sw, uint inPort, in EthernetHeader eth, ReadOnlyMemory<byte> frame, Outbox outbox)
    {
        if (Mac.IsGroup(eth.Destination))
        {
            if (eth.EtherType == EtherTypes.Arp && _options.ProxyArp && TryProxyArp(state, sw, inPort, frame.Span, outbox))
            {
                return;
            }

            // A gratuitous ARP only announces its sender, which host tracking has just learned; with
            // proxy ARP the controller answers for it from now on. Flooding every announcement to
            // every edge port costs hosts × edge ports packet-outs when a large fabric comes up
            // (a million on a k=16 fat-tree) and starves LLDP until links time out.
            if (eth.EtherType == EtherTypes.Arp && _options.ProxyArp && IsGratuitousArp(frame.Span))
            {
                GratuitousArpsAbsorbed++;
                return;
            }

            Flood(state, sw.DatapathId, inPort, frame, outbox);
            return;
        }

        HostEntry? destination = state.FindHost(eth.Destination);
        if (destination is null)
        {
            Flood(state, sw.DatapathId, inPort, frame, outbox);
            return;
        }

        if (destination.Attachment == new SwitchPort(sw.DatapathId, inPort))
        {
            // The destination is behind the port the frame came in on; sending it back would hairpin.
            return;
        }

        if (!InstallToward(state, destination, sw.DatapathId, outbox))
        {
            Unreachable++;
            return;
        }

        outbox.Send(destination.Attachment.DatapathId, Delivery(destination.Attachment.PortNo, frame));
    }

    /// <summary>Reroutes after the topology changes of one input; returns how many destinations were recomputed.</summary>
    public int ApplyChanges(NetworkState state, Outbox outbox)
    {
        ChangeSet changes = state.Changes;
        if (!changes.AffectsRoutes || RouteCount == 0)
        {
            return 0;
        }

        // A set to merge the indexes' answers, then a sorted list so that destinations are
        // recomputed in the same order every time; both reused from input to input.
        HashSet<ulong> affected = _affectedScratch;
        affected.Clear();
        foreach (LinkInfo link in changes.RemovedLinks)
        {
            if (_byHop.TryGetValue(link.Source, out HashSet<ulong>? macs))
            {
                affected.UnionWith(macs);
            }
        }

        foreach (ulong dpid in changes.RemovedSwitches)
        {
            if (_bySwitch.TryGetValue(dpid, out HashSet<ulong>? macs))
            {
                affected.UnionWith(macs);
            }
        }

        foreach (ulong mac in changes.MovedHosts)
        {
            if (_routes.ContainsKey(mac) || _rootOnly.ContainsKey(mac))
            {
                affected.Add(mac);
            }
        }

        foreach (var (mac, _) in changes.RemovedHosts)
        {
            if (TryGetTree(mac, out RouteTree? tree))
            {
                Drop(state, tree, outbox);
            }

            affected.Remove(mac);
        }

        List<ulong> order = _affectedOrder;
        order.Clear();
        order.AddRange(affected);
        order.Sort();
        foreach (ulong mac in order)
        {
            bool found = TryGetTree(mac, out RouteTree? tree);
            Debug.Assert(found, "an affected destination has a tree");
            HostEntry? host = state.FindHost(mac);
            if (host is null)
            {
                Drop(state, tree!, outbox);
            }
            else
            {
                Recompute(state, tree!, host, outbox);
            }
        }

        return affected.Count;
    }

    /// <summary>
    /// The messages <see cref="HandlePacketIn"/> sends toward a host on the reporting switch itself,
    /// encoded by the codec for MAC 0 and port 0: the fast path patches the three fields that differ
    /// (see <see cref="ReactiveFastPath"/>), so both paths put the same bytes on the wire.
    /// </summary>
    public AnswerTemplate AnswerTemplates() => _template;

    /// <summary>
    /// The outbox that held the packet-in path's messages has been dispatched (their bytes copied to the
    /// sessions): their instances may be handed out again. Call only once nothing refers to them.
    /// </summary>
    public void RecycleEncoded() => _encodedInUse = 0;

    /// <summary>
    /// The fast path answered a packet-in on <paramref name="dpid"/> toward <paramref name="mac"/> out of
    /// <paramref name="port"/> (the host's port on that same switch, as it read it): record the rule in
    /// the host's tree as if this had sent it, and correct it if the loop has since learned otherwise.
    /// </summary>
    /// <remarks>
    /// The answer was built from host locations that may be older than the loop's state: the host may
    /// have moved or gone (port down, link discovered on its port) between the fast path's read and now,
    /// and the reroute that followed did not know of this rule. So the rule joins the tree first and,
    /// when the tree's root is not where the rule leads, the tree is recomputed (or dropped) on the
    /// current state, which re-adds or deletes it on the switch. Those corrections are queued on the
    /// same session after the answer, so the switch applies them in that order.
    /// </remarks>
    public void ApplyFastAnswer(NetworkState state, ulong dpid, ulong mac, uint port, Outbox outbox)
    {
        var at = new SwitchPort(dpid, port);
        if (_rootOnly.TryGetValue(mac, out SwitchPort root) && root == at && state.FindHost(mac)?.Attachment == at)
        {
            // The tree is this very rule, entered from this switch, and the host is still there: the
            // answer repeats it (its FLOW_MOD is an ADD that replaces the rule in place).
            return;
        }

        if (!TryGetTree(mac, out RouteTree? tree))
        {
            if (state.FindHost(mac)?.Attachment == at)
            {
                // A new destination's first rule, on its own switch: the tree is its root alone.
                _rootOnly.Add(mac, at);
                RuleCount++;
                return;
            }

            tree = new RouteTree(mac, at);
            _routes.Add(mac, tree);
        }

        if (tree.TryGetHop(dpid, out uint old))
        {
            if (old != port)
            {
                RemoveHop(tree, dpid, old);
                tree.AddHop(dpid, port);
                Index(tree, dpid, port);
            }
        }
        else
        {
            tree.AddHop(dpid, port);
            Index(tree, dpid, port);
        }

        tree.AddIngress(dpid);
        HostEntry? host = state.FindHost(mac);
        if (host is null)
        {
            Drop(state, tree, outbox);
        }
        else if (host.Attachment != at || tree.Root != at)
        {
            Recompute(state, tree, host, outbox);
        }
    }

    /// <summary>
    /// A forwarding rule is gone from a switch (idle timeout) or was refused: forget it, and the
    /// rules upstream whose path led through it, so the next packet reinstalls a consistent tree.
    /// </summary>
    public void OnRuleLost(NetworkState state, ulong dpid, ulong mac, Outbox outbox)
    {
        if (!TryGetTree(mac, out RouteTree? tree) || !tree.TryGetHop(dpid, out uint port))
        {
            return;
        }

        RemoveHop(tree, dpid, port);
        tree.RemoveIngress(dpid);

        // Whatever still points (transitively) at the lost switch no longer reaches the host; a
        // path grafted onto such a dangling rule later could close a loop, so it goes too.
        List<KeyValuePair<ulong, uint>> remaining = _hopScratch;
        remaining.Clear();
        tree.CopyHopsTo(remaining);
        foreach (var (other, otherPort) in remaining)
        {
            if (!ReachesRoot(state, tree, other))
            {
                RemoveHop(tree, other, otherPort);
                tree.RemoveIngress(other);
                SendIfConnected(state, other, DeleteRules(mac), outbox);
            }
        }

        remaining.Clear();
        if (tree.HopCount == 0)
        {
            _routes.Remove(mac);
        }
    }

    private bool InstallToward(NetworkState state, HostEntry destination, ulong ingress, Outbox outbox)
    {
        SwitchPort at = destination.Attachment;
        if (ingress == at.DatapathId && !_routes.ContainsKey(destination.Mac))
        {
            // From the host's own switch toward a tree that is only its root rule, or no tree yet: the
            // path is that rule alone (a new tree's one hop, or the ADD sent again), kept as its root.
            if (!_rootOnly.TryGetValue(destination.Mac, out SwitchPort root))
            {
                _rootOnly.Add(destination.Mac, at);
                RuleCount++;
                outbox.Send(ingress, EncodedRule(destination.Mac, at.PortNo));
                return true;
            }

            if (root == at)
            {
                outbox.Send(ingress, EncodedRule(destination.Mac, at.PortNo));
                return true;
            }
        }

        if (!TryGetTree(destination.Mac, out RouteTree? tree))
        {
            tree = new RouteTree(destination.Mac, destination.Attachment);
            _routes.Add(destination.Mac, tree);
        }
        else if (tree.Root != destination.Attachment)
        {
            Recompute(state, tree, destination, outbox);
            if (!_routes.ContainsKey(destination.Mac))
            {
                _routes.Add(destination.Mac, tree);
            }
        }

        if (tree.TryGetHop(ingress, out uint port))
        {
            // The switch reported a packet its rule should have taken: the rule is still on its way,
            // or was lost. Sending the same ADD again is harmless either way.
            tree.AddIngress(ingress);
            outbox.Send(ingress, EncodedRule(destination.Mac, port));
            return true;
        }

        if (!AddPath(tree, PathSnapshot(state), ingress, previous: null, outbox))
        {
            if (tree.HopCount == 0)
            {
                _routes.Remove(destination.Mac);
            }

            return false;
        }

        tree.AddIngress(ingress);
        return true;
    }

    /// <summary>
    /// Adds the path from <paramref name="ingress"/> to the tree's host, up to the first switch
    /// already in the tree, which already leads there. Every switch added is new to the tree, so it
    /// stays a tree. With <paramref name="previous"/> (a recomputation) a hop whose port did not
    /// change is not sent again, and indexing is left to the caller's diff.
    /// </summary>
    /// <returns>False (and nothing added) when the host is unreachable from <paramref name="ingress"/>.</returns>
    private bool AddPath(RouteTree tree, TopologySnapshot snapshot, ulong ingress, Dictionary<ulong, uint>? previous, Outbox outbox)
    {
        if (TreeToward(snapshot, tree.Root.DatapathId, out INextHopGraph? graph, out int[]? next, out int root))
        {
            // The built-in services answer with a shortest-path tree toward the host's switch,
            // computed once per destination switch and graph; walking it here costs no search and
            // no allocation per ingress, which is most of a reroute's work when many destinations
            // move at once.
            int node = graph.NodeOf(ingress);
            if (node < 0 || (node != root && next[node] < 0))
            {
                return false;
            }

            while (true)
            {
                ulong dpid = graph.DpidOf(node);
                if (tree.ContainsHop(dpid))
                {
                    return true;
                }

                if (node == root)
                {
                    SetHop(tree, dpid, tree.Root.PortNo, previous, outbox);
                    return true;
                }

                int link = next[node];
                SetHop(tree, dpid, graph.LeavingPort(link), previous, outbox);
                node = graph.LinkDestinationNode(link);
            }
        }

        NetworkPath? path = _paths.ShortestPath(snapshot, ingress, tree.Root.DatapathId);
        if (path is null)
        {
            return false;
        }

        for (int i = 0; i <= path.Links.Length; i++)
        {
            ulong dpid = i == 0 ? path.SourceDpid : path.Links[i - 1].Destination.DatapathId;
            if (tree.ContainsHop(dpid))
            {
                return true;
            }

            Debug.Assert(i == path.Links.Length || path.Links[i].Source.DatapathId == dpid, "path links must chain");
            SetHop(tree, dpid, i < path.Links.Length ? path.Links[i].Source.PortNo : tree.Root.PortNo, previous, outbox);
        }

        return true;
    }

    /// <summary>
    /// The tree toward <paramref name="mac"/>, as a <see cref="RouteTree"/> in <c>_routes</c>: one kept as
    /// its root alone (<c>_rootOnly</c>) is turned into the tree it stands for (that rule, that ingress)
    /// and moved there, so that whatever follows may change it. Rules, counts and indexes stay as they
    /// were (a root rule is counted and never indexed either way).
    /// </summary>
    private bool TryGetTree(ulong mac, [NotNullWhen(true)] out RouteTree? tree)
    {
        if (_routes.TryGetValue(mac, out tree))
        {
            return true;
        }

        if (!_rootOnly.Remove(mac, out SwitchPort root))
        {
            return false;
        }

        tree = new RouteTree(mac, root);
        tree.AddHop(root.DatapathId, root.PortNo);
        tree.AddIngress(root.DatapathId);
        _routes.Add(mac, tree);
        return true;
    }

    /// <summary>A snapshot whose switches and links are the state's (hosts may lag; paths do not read them).</summary>
    private TopologySnapshot PathSnapshot(NetworkState state)
    {
        if (_pathSnapshot is null || _pathSnapshot.GraphVersion != state.GraphVersion)
        {
            _pathSnapshot = state.GetSnapshot();
        }

        return _pathSnapshot;
    }

    private bool TreeToward(TopologySnapshot snapshot, ulong destination, [NotNullWhen(true)] out INextHopGraph? graph, [NotNullWhen(true)] out int[]? next, out int root)
    {
        switch (_paths)
        {
            case HopCountPathService:
                PathGraph hops = snapshot.Graph;
                root = hops.NodeOf(destination);
                if (root < 0)
                {
                    break;
                }

                graph = hops;
                next = hops.TreeToward(root);
                return true;
            case PathServiceAdapter adapter:
                return adapter.TryGetTree(snapshot, destination, out graph, out next, out root);
        }

        graph = null;
        next = null;
        root = -1;
        return false;
    }

    private void SetHop(RouteTree tree, ulong dpid, uint port, Dictionary<ulong, uint>? previous, Outbox outbox)
    {
        tree.AddHop(dpid, port);
        if (previous is null)
        {
            // A packet-in's path: the rule goes as bytes (a recomputation sends FlowMods, which the
            // outbox counts for the reroute's figures).
            Index(tree, dpid, port);
            outbox.Send(dpid, EncodedRule(tree.Mac, port));
        }
        else if (!previous.TryGetValue(dpid, out uint old) || old != port)
        {
            outbox.Send(dpid, AddRule(tree.Mac, port));
        }
    }

    private void Recompute(NetworkState state, RouteTree tree, HostEntry host, Outbox outbox)
    {
        Dictionary<ulong, uint> old = _oldHops;
        old.Clear();
        tree.CopyHopsTo(old);
        tree.ClearHops();
        SwitchPort oldRoot = tree.Root;
        tree.Root = host.Attachment;
        TopologySnapshot snapshot = state.GetSnapshot();
        List<ulong> ingresses = _ingressOrder;
        ingresses.Clear();
        tree.CopyIngressesTo(ingresses);
        ingresses.Sort();
        foreach (ulong ingress in ingresses)
        {
            if (state.FindSwitch(ingress) is null || !AddPath(tree, snapshot, ingress, old, outbox))
            {
                // Gone or cut off; if it comes back and sends again, the packet reinstalls it.
                tree.RemoveIngress(ingress);
            }
        }

        // Only hops that changed (or became, or stopped being, the root's) touch the indexes or the switches.
        foreach (var (dpid, port) in old)
        {
            bool wasRoot = IsRoot(oldRoot, dpid, port);
            if (!tree.TryGetHop(dpid, out uint now))
            {
                Unindex(tree.Mac, dpid, port, wasRoot);
                SendIfConnected(state, dpid, DeleteRules(tree.Mac), outbox);
            }
            else if (now != port || wasRoot != IsRoot(tree.Root, dpid, now))
            {
                Unindex(tree.Mac, dpid, port, wasRoot);
            }
        }

        List<KeyValuePair<ulong, uint>> hops = _hopScratch;
        hops.Clear();
        tree.CopyHopsTo(hops);
        foreach (var (dpid, port) in hops)
        {
            if (!old.TryGetValue(dpid, out uint before) || before != port || IsRoot(oldRoot, dpid, before) != IsRoot(tree.Root, dpid, port))
            {
                Index(tree, dpid, port);
            }
        }

        hops.Clear();
        old.Clear();
        if (tree.HopCount == 0)
        {
            _routes.Remove(tree.Mac);
        }
    }

    private void Drop(NetworkState state, RouteTree tree, Outbox outbox)
    {
        List<KeyValuePair<ulong, uint>> hops = _hopScratch;
        hops.Clear();
        tree.CopyHopsTo(hops);
        tree.ClearHops();
        foreach (var (dpid, port) in hops)
        {
            Unindex(tree.Mac, dpid, port, IsRoot(tree.Root, dpid, port));
            SendIfConnected(state, dpid, DeleteRules(tree.Mac), outbox);
        }

        hops.Clear();

        _routes.Remove(tree.Mac);
    }

    /// <summary>Follows the rules from <paramref name="dpid"/>; true if they end at the tree's host port.</summary>
    private static bool ReachesRoot(NetworkState state, RouteTree tree, ulong dpid)
    {
        for (int steps = 0; steps <= tree.HopCount; steps++)
        {
            if (!tree.TryGetHop(dpid, out uint port))
            {
                return false;
            }

            if (dpid == tree.Root.DatapathId && port == tree.Root.PortNo)
            {
                return true;
            }

            LinkEntry? link = state.FindLinkFrom(new SwitchPort(dpid, port));
            if (link is null)
            {
                return false;
            }

            dpid = link.Destination.DatapathId;
        }

        return false;
    }

    private static bool IsGratuitousArp(ReadOnlySpan<byte> frame) =>
        ArpPacket.TryRead(frame[EthernetHeader.Size..], out ArpPacket arp) && arp.TargetIp == arp.SenderIp;

    private bool TryProxyArp(NetworkState state, SwitchEntry sw, uint inPort, ReadOnlySpan<byte> frame, Outbox outbox)
    {
        if (!ArpPacket.TryRead(frame[EthernetHeader.Size..], out ArpPacket arp) || !arp.IsRequest || arp.TargetIp == arp.SenderIp)
        {
            // Replies, and gratuitous ARP (a host announcing itself), go to everyone as sent.
            return false;
        }

        HostEntry? owner = state.FindHostByIp(arp.TargetIp);
        if (owner is null || owner.Mac == arp.SenderMac)
        {
            return false;
        }

        outbox.Send(sw.DatapathId, new PacketOut
        {
            InPort = OfpPortNo.Controller,
            Actions = [OfpAction.Output(inPort)],
            Data = ArpPacket.BuildReplyFrame(arp, owner.Mac),
        });
        ProxyArpReplies++;
        return true;
    }

    /// <summary>Sends the frame out of every up edge port of every switch except the one it came in on.</summary>
    private void Flood(NetworkState state, ulong fromDpid, uint inPort, ReadOnlyMemory<byte> frame, Outbox outbox)
    {
        foreach (SwitchEntry sw in state.Switches)
        {
            List<OfpAction>? actions = null;
            foreach (PortEntry port in sw.Ports.Values)
            {
                if (state.IsUpEdgePort(sw, port) && !(sw.DatapathId == fromDpid && port.Number == inPort) &&
                    ExcludeFromFlood?.Invoke(new SwitchPort(sw.DatapathId, port.Number)) != true)
                {
                    (actions ??= []).Add(OfpAction.Output(port.Number));
                }
            }

            if (actions is not null)
            {
                outbox.Send(sw.DatapathId, new PacketOut { InPort = OfpPortNo.Controller, Actions = actions, Data = frame });
            }
        }

        _floodGuard.Record(frame.Span, fromDpid, inPort, state.Now);
        Floods++;
    }

    private FlowMod AddRule(ulong mac, uint port) => new()
    {
        Command = FlowModCommand.Add,
        TableId = _options.TableId,
        Priority = _options.ForwardingPriority,
        Cookie = FlowCookies.Forwarding(mac),
        IdleTimeout = _idleTimeout,

        // With an idle timeout the switch must say when a rule expires, or the tree would keep a
        // hop that is no longer there and never reinstall it.
        Flags = _idleTimeout > 0 ? FlowModFlags.SendFlowRem : FlowModFlags.None,
        Match = [OxmEntry.EthDst(mac)],
        Instructions = OutputInstructions(port),
    };

    /// <summary><see cref="AddRule"/>'s FLOW_MOD, encoded (see <see cref="EncodedMessage"/>).</summary>
    private EncodedMessage EncodedRule(ulong mac, uint port)
    {
        EncodedMessage message = NextEncoded();
        _template.WriteFlowMod(message.Reset(_template.FlowModLength), mac, port);
        return message;
    }

    /// <summary>The PACKET_OUT that delivers <paramref name="frame"/> out of <paramref name="port"/> at the host's switch.</summary>
    private OfpMessage Delivery(uint port, ReadOnlyMemory<byte> frame)
    {
        int length = _template.PacketOutOverhead + frame.Length;
        if (length > ushort.MaxValue)
        {
            // Too long for one message: the session refuses it (and logs why) as it always did.
            return new PacketOut { InPort = OfpPortNo.Controller, Actions = OutputActions(port), Data = frame };
        }

        EncodedMessage message = NextEncoded();
        _template.WritePacketOut(message.Reset(length), port, frame.Span);
        return message;
    }

    private EncodedMessage NextEncoded()
    {
        if (_encodedInUse == _encoded.Count)
        {
            _encoded.Add(new EncodedMessage());
        }

        return _encoded[_encodedInUse++];
    }

    private List<OfpAction> OutputActions(uint port)
    {
        if (!_outputActions.TryGetValue(port, out List<OfpAction>? actions))
        {
            actions = [OfpAction.Output(port)];
            _outputActions.Add(port, actions);
        }

        return actions;
    }

    private List<OfpInstruction> OutputInstructions(uint port)
    {
        if (!_outputInstructions.TryGetValue(port, out List<OfpInstruction>? instructions))
        {
            instructions = [OfpInstruction.ApplyActions(OfpAction.Output(port))];
            _outputInstructions.Add(port, instructions);
        }

        return instructions;
    }

    /// <summary>DELETE of every forwarding rule toward <paramref name="mac"/> (by its cookie).</summary>
    public FlowMod DeleteRules(ulong mac) => new()
    {
        Command = FlowModCommand.Delete,
        TableId = _options.TableId,
        Cookie = FlowCookies.Forwarding(mac),
        CookieMask = ulong.MaxValue,
    };

    private static void SendIfConnected(NetworkState state, ulong dpid, OfpMessage message, Outbox outbox)
    {
        if (state.FindSwitch(dpid) is not null)
        {
            outbox.Send(dpid, message);
        }
    }

    /// <summary>
    /// Counts a rule of <paramref name="tree"/> and indexes it, unless it is the rule on the host's own
    /// port (the tree's root).
    /// </summary>
    /// <remarks>
    /// The indexes answer "which trees use this link, or this switch": a root rule outputs to an edge
    /// port, never over a link, and what makes it wrong otherwise (its switch or port gone, a link found
    /// on that port, the host moved) removes or moves the host, which reroutes or drops the whole tree
    /// by its MAC. Leaving it out saves two inserts into very large sets per destination, the only rule
    /// of most trees (every one of cbench's).
    /// </remarks>
    private void Index(RouteTree tree, ulong dpid, uint port)
    {
        RuleCount++;
        if (!IsRoot(tree.Root, dpid, port))
        {
            Index(_byHop, new SwitchPort(dpid, port)).Add(tree.Mac);
            Index(_bySwitch, dpid).Add(tree.Mac);
        }
    }

    private static bool IsRoot(SwitchPort root, ulong dpid, uint port) => root.DatapathId == dpid && root.PortNo == port;

    private void RemoveHop(RouteTree tree, ulong dpid, uint port)
    {
        tree.RemoveHop(dpid);
        Unindex(tree.Mac, dpid, port, IsRoot(tree.Root, dpid, port));
    }

    private void Unindex(ulong mac, ulong dpid, uint port, bool root)
    {
        RuleCount--;
        if (!root)
        {
            Unindex(_byHop, new SwitchPort(dpid, port), mac);
            Unindex(_bySwitch, dpid, mac);
        }
    }

    private static HashSet<ulong> Index<TKey>(Dictionary<TKey, HashSet<ulong>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out HashSet<ulong>? set))
        {
            set = [];
            index.Add(key, set);
        }

        return set;
    }

    private static void Unindex<TKey>(Dictionary<TKey, HashSet<ulong>> index, TKey key, ulong mac)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out HashSet<ulong>? set) && set.Remove(mac) && set.Count == 0)
        {
            index.Remove(key);
        }
    }
}
