using SdnCtl.Control.Network;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// Compiles tenant segments into OpenFlow rules, Faucet-style pure: membership in, rules per
/// switch out. Two tables:
/// <list type="bullet">
/// <item>the classification table (the forwarding table, shared with reactive forwarding but
/// above its priorities): a frame from an access port, a member MAC or a member subnet gets the
/// segment's 802.1Q tag pushed (VID and PCP) and goes to the segment table; a tagged frame from
/// a trunk (an inter-switch link) goes there as it is;</item>
/// <item>the segment table, matched on VID: a frame for a member on this switch has its tag
/// popped and leaves by the member's port; a broadcast or multicast goes out of the segment's
/// flood-tree trunks tagged and out of the local member ports untagged; any other unicast rides
/// the flood tree's trunks only. Nothing else matches, so a frame never leaves its segment.</item>
/// </list>
/// </summary>
/// <remarks>
/// Unicast toward a member on another switch follows the segment's flood tree over trunks rather
/// than a per-destination path: that keeps the rules on a switch at three per segment plus one per
/// local member (linear in local members, not in all hosts), at the price of trunk bandwidth on
/// the tree's other branches, where the frame is dropped at the leaves (no access port gets it).
/// </remarks>
internal static class TenantFlowCompiler
{
    public const ushort PortLearnPriority = 40310;
    public const ushort PortPriority = 40300;
    public const ushort MacPriority = 40200;
    public const ushort SubnetPriority = 40100;
    public const ushort SubnetLearnPriority = 40050;
    public const ushort UnderlayPriority = 40020;
    public const ushort TrunkPriority = 40000;
    public const ushort TunnelDropPriority = 39990;
    public const ushort DeliverPriority = 200;
    public const ushort TunnelFloodPriority = 150;
    public const ushort FloodPriority = 100;
    public const ushort TunnelUnicastPriority = 75;
    public const ushort RemoteHostPriority = 60;
    public const ushort UnicastPriority = 50;

    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeArp = 0x0806;
    private const ulong GroupBit = 0x0100_0000_0000;

    /// <summary>Switch adjacency from the topology's discovered links: dpid → (local port, peer dpid).</summary>
    public static Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> Adjacency(TopologySnapshot topology)
    {
        var adjacency = new Dictionary<ulong, List<(uint, ulong, uint)>>();
        foreach (SwitchInfo sw in topology.Switches)
        {
            adjacency[sw.DatapathId] = [];
        }

        foreach (LinkInfo link in topology.Links)
        {
            if (adjacency.TryGetValue(link.Source.DatapathId, out var list) && adjacency.ContainsKey(link.Destination.DatapathId))
            {
                list.Add((link.Source.PortNo, link.Destination.DatapathId, link.Destination.PortNo));
            }
        }

        foreach (var list in adjacency.Values)
        {
            list.Sort();
        }

        return adjacency;
    }

    /// <summary>
    /// Classifies every known host into at most one segment (port beats MAC beats subnet) and
    /// returns one plan per segment, in tenant and segment order.
    /// </summary>
    public static List<SegmentPlan> Resolve(
        IReadOnlyList<TenantSpec> tenants,
        IEnumerable<KnownHost> hosts,
        Func<Topology.PortRef, SwitchPort?> resolvePort,
        Func<string, uint> numberOf,
        Func<TenantSpec, uint>? meterOf = null)
    {
        var plans = new List<SegmentPlan>();
        var byPort = new Dictionary<SwitchPort, SegmentPlan>();
        var byMac = new Dictionary<ulong, SegmentPlan>();
        var bySubnet = new List<(Ipv4Prefix Subnet, SegmentPlan Plan)>();
        foreach (TenantSpec t in tenants)
        {
            foreach (SegmentSpec s in t.Segments)
            {
                var plan = new SegmentPlan(t, s, numberOf(TenantNetworking.SegmentKey(t.Name, s.Name))) { MeterId = meterOf?.Invoke(t) ?? 0 };
                plans.Add(plan);
                foreach (MemberSpec m in s.Members)
                {
                    switch (m.Kind)
                    {
                        case MemberKind.Port when resolvePort(m.Port) is { } port:
                            plan.AccessPorts.Add(port);
                            byPort.TryAdd(port, plan);
                            break;
                        case MemberKind.Mac:
                            byMac.TryAdd(m.Mac, plan);
                            break;
                        case MemberKind.Subnet:
                            plan.Subnets.Add(m.Subnet);
                            bySubnet.Add((m.Subnet, plan));
                            break;
                    }
                }
            }
        }

        foreach (KnownHost h in hosts)
        {
            if (byPort.TryGetValue(h.Attachment, out SegmentPlan? plan))
            {
                plan.Hosts.Add((h, MemberKind.Port));
            }
            else if (byMac.TryGetValue(h.Mac, out plan))
            {
                plan.Hosts.Add((h, MemberKind.Mac));
            }
            else if (h.Ipv4 != 0 && bySubnet.FirstOrDefault(e => e.Subnet.Contains(h.Ipv4)).Plan is { } bySource)
            {
                bySource.Hosts.Add((h, MemberKind.Subnet));
            }
        }

        return plans;
    }

    /// <summary>
    /// The shared rules: on every switch, a tagged frame from an inter-switch link goes to the
    /// segment table; with VXLAN, a frame from a tunnel port that no segment claims (an unknown
    /// VNI) is dropped, and the underlay carries VXLAN datagrams to each VTEP address along a
    /// shortest-path tree toward it (the VTEP itself decapsulates before its tables).
    /// </summary>
    /// <remarks>
    /// The underlay rules sit below every member classification, so a member's own frame to a VTEP
    /// address is classified into its segment first and never enters the underlay.
    /// </remarks>
    public static Dictionary<ulong, List<TenantRule>> CompileTrunks(Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> adjacency, byte classifyTable, byte segmentTable, VxlanFabric? fabric = null)
    {
        fabric ??= VxlanFabric.None;
        var rules = new Dictionary<ulong, List<TenantRule>>();
        foreach (var (dpid, links) in adjacency)
        {
            var list = new List<TenantRule>(links.Count);
            foreach (uint port in links.Select(l => l.Port).Distinct())
            {
                list.Add(new TenantRule(classifyTable, TrunkPriority, TenantCookies.Trunks,
                    [OxmEntry.InPort(port), OxmEntry.VlanAnyTagged()],
                    [OfpInstruction.GotoTable(segmentTable)]));
            }

            foreach (var (port, _) in fabric.Tunnels.GetValueOrDefault(dpid) ?? [])
            {
                list.Add(new TenantRule(classifyTable, TunnelDropPriority, TenantCookies.Trunks,
                    [OxmEntry.InPort(port)],
                    []));
            }

            rules[dpid] = list;
        }

        foreach (var (vtep, address) in fabric.Addresses)
        {
            if (!adjacency.ContainsKey(vtep))
            {
                continue;
            }

            foreach (var (dpid, port) in TowardRoot(adjacency, vtep))
            {
                rules[dpid].Add(new TenantRule(classifyTable, UnderlayPriority, TenantCookies.Trunks,
                    [OxmEntry.EthType(EtherTypeIpv4), OxmEntry.Ipv4Dst(address)],
                    [OfpInstruction.ApplyActions(OfpAction.Output(port))]));
            }
        }

        return rules;
    }

    /// <summary>For every switch reachable from <paramref name="root"/> but the root: its port on a shortest path toward the root.</summary>
    private static IEnumerable<(ulong Dpid, uint Port)> TowardRoot(Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> adjacency, ulong root)
    {
        var seen = new HashSet<ulong> { root };
        var queue = new Queue<ulong>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            ulong node = queue.Dequeue();
            foreach (var (_, peer, peerPort) in adjacency[node])
            {
                if (adjacency.ContainsKey(peer) && seen.Add(peer))
                {
                    yield return (peer, peerPort);
                    queue.Enqueue(peer);
                }
            }
        }
    }

    /// <summary>
    /// Compiles one segment into rules per switch; switches not in <paramref name="adjacency"/> (not
    /// connected) get none. A VLAN segment is tagged at the edge and rides trunks; a VXLAN segment
    /// is marked with tunnel_id = VNI at the edge and crosses between VTEPs through tunnel ports
    /// (see <see cref="CompileVxlanForwarding"/>).
    /// </summary>
    public static Dictionary<ulong, List<TenantRule>> CompileSegment(
        SegmentPlan plan,
        Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> adjacency,
        byte classifyTable,
        byte segmentTable,
        VxlanFabric? fabric = null)
    {
        var rules = new Dictionary<ulong, List<TenantRule>>();
        SegmentSpec segment = plan.Segment;
        bool vxlan = segment.Kind == SegmentKind.Vxlan;
        ulong cookie = TenantCookies.Segment(plan.Number);
        ushort vid = vxlan ? (ushort)0 : (ushort)segment.Id;
        OxmEntry inSegment = vxlan ? OxmEntry.TunnelId(segment.Id) : OxmEntry.VlanVid(vid);
        OfpAction[] tag = vxlan
            ? [OfpAction.SetField(OxmEntry.TunnelId(segment.Id))]
            : [OfpAction.PushVlan(), OfpAction.SetVlanVid(vid), OfpAction.SetField(OxmEntry.VlanPcp(segment.Priority))];
        // Member ingress (and only ingress: trunk and tunnel arrivals were metered where they entered)
        // passes the tenant's meter first when the tenant has a rate limit.
        List<OfpInstruction> Ingress(OfpAction[] actions) => plan.MeterId == 0
            ? [OfpInstruction.ApplyActions(actions), OfpInstruction.GotoTable(segmentTable)]
            : [OfpInstruction.Meter(plan.MeterId), OfpInstruction.ApplyActions(actions), OfpInstruction.GotoTable(segmentTable)];
        List<TenantRule> On(ulong dpid)
        {
            if (!rules.TryGetValue(dpid, out List<TenantRule>? list))
            {
                list = [];
                rules.Add(dpid, list);
            }

            return list;
        }

        // Local member ports per switch: access ports and the ports of classified hosts.
        var localPorts = new Dictionary<ulong, SortedSet<uint>>();
        void AddLocal(SwitchPort p)
        {
            if (!localPorts.TryGetValue(p.DatapathId, out SortedSet<uint>? set))
            {
                set = [];
                localPorts.Add(p.DatapathId, set);
            }

            set.Add(p.PortNo);
        }

        // A host only declared so far has its delivery rule already, but keeps the learn rule below:
        // without it its announcements never reach the controller and host tracking never sees it.
        var portsWithHosts = plan.Hosts.Where(h => h.Host.Learned).Select(h => h.Host.Attachment).ToHashSet();
        foreach (SwitchPort p in plan.AccessPorts)
        {
            if (!adjacency.ContainsKey(p.DatapathId))
            {
                continue;
            }

            AddLocal(p);
            On(p.DatapathId).Add(new TenantRule(classifyTable, PortPriority, cookie,
                [OxmEntry.InPort(p.PortNo)],
                Ingress(tag)));
            if (!portsWithHosts.Contains(p))
            {
                // Nobody learned behind this port yet: copy its ARP to the controller, which learns
                // the host and then installs its delivery rule.
                On(p.DatapathId).Add(new TenantRule(classifyTable, PortLearnPriority, cookie,
                    [OxmEntry.InPort(p.PortNo), OxmEntry.EthType(EtherTypeArp)],
                    Ingress([OfpAction.ToController(), .. tag])));
            }
        }

        foreach (var (host, via) in plan.Hosts)
        {
            SwitchPort at = host.Attachment;
            if (!adjacency.ContainsKey(at.DatapathId))
            {
                continue;
            }

            AddLocal(at);
            List<TenantRule> list = On(at.DatapathId);
            list.Add(new TenantRule(segmentTable, DeliverPriority, cookie,
                [inSegment, OxmEntry.EthDst(host.Mac)],
                [OfpInstruction.ApplyActions(vxlan ? [OfpAction.Output(at.PortNo)] : [OfpAction.PopVlan(), OfpAction.Output(at.PortNo)])]));
            switch (via)
            {
                case MemberKind.Mac:
                    list.Add(new TenantRule(classifyTable, MacPriority, cookie,
                        [OxmEntry.InPort(at.PortNo), OxmEntry.EthSrc(host.Mac)],
                        Ingress(tag)));
                    break;
                case MemberKind.Subnet:
                    foreach (Ipv4Prefix subnet in plan.Subnets.Where(s => s.Contains(host.Ipv4)).Take(1))
                    {
                        list.Add(new TenantRule(classifyTable, SubnetPriority, cookie,
                            [OxmEntry.InPort(at.PortNo), OxmEntry.EthType(EtherTypeIpv4), OxmEntry.Ipv4Src(subnet.Address, subnet.Length)],
                            Ingress(tag)));
                        list.Add(new TenantRule(classifyTable, SubnetPriority, cookie,
                            [OxmEntry.InPort(at.PortNo), OxmEntry.EthType(EtherTypeArp), ArpSpa(subnet)],
                            Ingress(tag)));
                    }

                    break;
            }
        }

        // Unknown hosts in a member subnet: their ARP (untagged, from any port) teaches the controller where they are.
        foreach (Ipv4Prefix subnet in plan.Subnets)
        {
            foreach (ulong dpid in adjacency.Keys)
            {
                On(dpid).Add(new TenantRule(classifyTable, SubnetLearnPriority, cookie,
                    [OxmEntry.VlanNone(), OxmEntry.EthType(EtherTypeArp), ArpSpa(subnet)],
                    [OfpInstruction.ApplyActions(OfpAction.ToController())]));
            }
        }

        if (vxlan)
        {
            CompileVxlanForwarding(plan, localPorts, fabric ?? VxlanFabric.None, cookie, classifyTable, segmentTable, On);
            return rules;
        }

        Dictionary<ulong, SortedSet<uint>> tree = FloodTree(adjacency, localPorts.Keys);
        foreach (ulong dpid in tree.Keys.Union(localPorts.Keys))
        {
            SortedSet<uint> trunks = tree.GetValueOrDefault(dpid) ?? [];
            SortedSet<uint> local = localPorts.GetValueOrDefault(dpid) ?? [];
            var flood = new List<OfpAction>(trunks.Count + local.Count + 1);
            flood.AddRange(trunks.Select(p => OfpAction.Output(p)));
            if (local.Count > 0)
            {
                flood.Add(OfpAction.PopVlan());
                flood.AddRange(local.Select(p => OfpAction.Output(p)));
            }

            List<TenantRule> list = On(dpid);
            list.Add(new TenantRule(segmentTable, FloodPriority, cookie,
                [OxmEntry.VlanVid(vid), OxmEntry.EthDst(GroupBit, GroupBit)],
                [OfpInstruction.ApplyActions([.. flood])]));
            if (trunks.Count > 0)
            {
                list.Add(new TenantRule(segmentTable, UnicastPriority, cookie,
                    [OxmEntry.VlanVid(vid)],
                    [OfpInstruction.ApplyActions([.. trunks.Select(p => OfpAction.Output(p))])]));
            }
        }

        return rules;
    }

    /// <summary>
    /// A VXLAN segment's forwarding on each switch with members. Frames of the segment carry
    /// tunnel_id = VNI: set at classification for local members, set by the tunnel port on
    /// decapsulation for remote ones. On each member switch, in the segment table:
    /// <list type="bullet">
    /// <item>from a tunnel port (matched per remote VTEP): a broadcast or multicast goes to the
    /// local member ports only and any other unknown unicast stops here (split horizon: nothing
    /// that came through the overlay is sent back into it);</item>
    /// <item>from a local member: a broadcast or multicast goes to the other local member ports and
    /// is replicated to every remote VTEP that has members of the segment; any other unicast goes
    /// to the VTEP of the member it is for when that member is known, else to all of them
    /// (delivery to a known local member is the per-host rule above both).</item>
    /// </list>
    /// In the classification table, a frame from a tunnel port of a member VTEP with this VNI goes
    /// to the segment table; with any other VNI it meets the tunnel port's drop rule.
    /// Rules per switch: three per remote member VTEP and two, one per local member (classification
    /// and delivery), and one per known member on another VTEP.
    /// </summary>
    private static void CompileVxlanForwarding(
        SegmentPlan plan,
        Dictionary<ulong, SortedSet<uint>> localPorts,
        VxlanFabric fabric,
        ulong cookie,
        byte classifyTable,
        byte segmentTable,
        Func<ulong, List<TenantRule>> on)
    {
        OxmEntry inSegment = OxmEntry.TunnelId(plan.Segment.Id);
        foreach (var (dpid, local) in localPorts)
        {
            var remotes = new List<uint>();
            foreach (ulong other in localPorts.Keys.Order())
            {
                if (other != dpid && fabric.PortToward(dpid, other) is uint port)
                {
                    remotes.Add(port);
                }
            }

            OfpAction[] toLocal = [.. local.Select(p => OfpAction.Output(p))];
            List<TenantRule> list = on(dpid);
            foreach (uint tunnel in remotes)
            {
                list.Add(new TenantRule(classifyTable, TrunkPriority, cookie,
                    [OxmEntry.InPort(tunnel), inSegment],
                    [OfpInstruction.GotoTable(segmentTable)]));
                list.Add(new TenantRule(segmentTable, TunnelFloodPriority, cookie,
                    [inSegment, OxmEntry.InPort(tunnel), OxmEntry.EthDst(GroupBit, GroupBit)],
                    [OfpInstruction.ApplyActions(toLocal)]));
                list.Add(new TenantRule(segmentTable, TunnelUnicastPriority, cookie,
                    [inSegment, OxmEntry.InPort(tunnel)],
                    []));
            }

            list.Add(new TenantRule(segmentTable, FloodPriority, cookie,
                [inSegment, OxmEntry.EthDst(GroupBit, GroupBit)],
                [OfpInstruction.ApplyActions([.. toLocal, .. remotes.Select(p => OfpAction.Output(p))])]));
            // A known member on another VTEP is reached through that VTEP's tunnel only (as OVN
            // does per remote port); from a tunnel the split-horizon drop above comes first.
            foreach (var (host, _) in plan.Hosts)
            {
                if (host.Attachment.DatapathId != dpid && localPorts.ContainsKey(host.Attachment.DatapathId)
                    && fabric.PortToward(dpid, host.Attachment.DatapathId) is uint toHost)
                {
                    list.Add(new TenantRule(segmentTable, RemoteHostPriority, cookie,
                        [inSegment, OxmEntry.EthDst(host.Mac)],
                        [OfpInstruction.ApplyActions(OfpAction.Output(toHost))]));
                }
            }

            if (remotes.Count > 0)
            {
                list.Add(new TenantRule(segmentTable, UnicastPriority, cookie,
                    [inSegment],
                    [OfpInstruction.ApplyActions([.. remotes.Select(p => OfpAction.Output(p))])]));
            }
        }
    }

    /// <summary>
    /// The segment's flood tree: a BFS tree of the switch graph from the lowest member switch,
    /// pruned to the branches that lead to member switches. Returns each tree switch's tree ports
    /// (a tree has no cycle, so flooding on it cannot loop).
    /// </summary>
    public static Dictionary<ulong, SortedSet<uint>> FloodTree(Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> adjacency, IEnumerable<ulong> members)
    {
        var result = new Dictionary<ulong, SortedSet<uint>>();
        ulong[] memberList = [.. members.Where(adjacency.ContainsKey).Order()];
        if (memberList.Length < 2)
        {
            return result;
        }

        ulong root = memberList[0];
        // For each reached switch: its parent, the port on the parent toward it, and its own port toward the parent.
        var parent = new Dictionary<ulong, (ulong Parent, uint Down, uint Up)> { [root] = (root, 0, 0) };
        var queue = new Queue<ulong>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            ulong node = queue.Dequeue();
            foreach (var (port, peer, peerPort) in adjacency[node])
            {
                if (!parent.ContainsKey(peer))
                {
                    parent[peer] = (node, port, peerPort);
                    queue.Enqueue(peer);
                }
            }
        }

        foreach (ulong member in memberList)
        {
            ulong node = member;
            while (node != root && parent.TryGetValue(node, out var up))
            {
                bool added = Ports(result, node).Add(up.Up);
                Ports(result, up.Parent).Add(up.Down);
                if (!added)
                {
                    break;
                }

                node = up.Parent;
            }
        }

        return result;
    }

    private static SortedSet<uint> Ports(Dictionary<ulong, SortedSet<uint>> tree, ulong dpid)
    {
        if (!tree.TryGetValue(dpid, out SortedSet<uint>? set))
        {
            set = [];
            tree.Add(dpid, set);
        }

        return set;
    }

    private static OxmEntry ArpSpa(Ipv4Prefix subnet) =>
        subnet.Length == 32
            ? OxmEntry.Create(OxmFieldId.ArpSpa, subnet.Address)
            : OxmEntry.Create(OxmFieldId.ArpSpa, subnet.Address, subnet.Mask);
}
