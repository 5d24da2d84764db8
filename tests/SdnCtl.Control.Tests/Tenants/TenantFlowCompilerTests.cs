using SdnCtl.Control.Network;
using SdnCtl.Control.Tenants;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>The pure parts of tenant compilation: membership precedence and the segment flood tree.</summary>
public sealed class TenantFlowCompilerTests
{
    /// <summary>A ring of <paramref name="n"/> switches: switch i port 2 → i+1 port 3.</summary>
    private static Dictionary<ulong, List<(uint Port, ulong Peer, uint PeerPort)>> Ring(int n)
    {
        var adjacency = new Dictionary<ulong, List<(uint, ulong, uint)>>();
        for (ulong i = 1; i <= (ulong)n; i++)
        {
            ulong next = (i % (ulong)n) + 1;
            ulong previous = i == 1 ? (ulong)n : i - 1;
            adjacency[i] = [(2, next, 3), (3, previous, 2)];
        }

        return adjacency;
    }

    [Fact]
    public void FloodTree_OnARing_HasNoCycle_AndReachesEveryMember()
    {
        var adjacency = Ring(6);

        Dictionary<ulong, SortedSet<uint>> tree = TenantFlowCompiler.FloodTree(adjacency, [1, 3, 5]);

        // Each tree edge appears as one port on each side; a tree over k switches has k-1 edges.
        int portEnds = tree.Values.Sum(p => p.Count);
        Assert.Equal(2 * (tree.Count - 1), portEnds);
        Assert.Contains(1ul, tree.Keys);
        Assert.Contains(3ul, tree.Keys);
        Assert.Contains(5ul, tree.Keys);

        // Walking the tree from member 1 reaches every tree switch exactly once.
        var seen = new HashSet<ulong> { 1 };
        var stack = new Stack<ulong>([1]);
        while (stack.TryPop(out ulong node))
        {
            foreach (uint port in tree[node])
            {
                var (_, peer, peerPort) = adjacency[node].Single(l => l.Port == port);
                Assert.Contains(peerPort, tree[peer]);
                if (seen.Add(peer))
                {
                    stack.Push(peer);
                }
            }
        }

        Assert.Equal(tree.Keys.ToHashSet(), seen);
    }

    [Fact]
    public void FloodTree_OneMemberSwitch_IsEmpty()
    {
        Assert.Empty(TenantFlowCompiler.FloodTree(Ring(4), [2]));
    }

    [Fact]
    public void Resolve_HostMatchedBySeveralRules_GoesByPortThenMacThenSubnet()
    {
        Ipv4Prefix.TryParse("10.0.0.0/8", out Ipv4Prefix all, out _);
        TenantSpec tenant = new("t",
        [
            new SegmentSpec("byPort", SegmentKind.Vlan, 1, null, 0, [MemberSpec.ForPort(new PortRef("s1", 1))]),
            new SegmentSpec("byMac", SegmentKind.Vlan, 2, null, 0, [MemberSpec.ForMac(0xa), MemberSpec.ForMac(0xb)]),
            new SegmentSpec("bySubnet", SegmentKind.Vlan, 3, null, 0, [MemberSpec.ForSubnet(all)]),
        ]);
        KnownHost onPort = new(0xa, 0x0a00_0001, new SwitchPort(1, 1));
        KnownHost byMac = new(0xb, 0x0a00_0002, new SwitchPort(1, 2));
        KnownHost bySubnet = new(0xc, 0x0a00_0003, new SwitchPort(1, 3));
        KnownHost outside = new(0xd, 0x0b00_0004, new SwitchPort(1, 4));
        uint number = 0;

        List<SegmentPlan> plans = TenantFlowCompiler.Resolve([tenant], [onPort, byMac, bySubnet, outside], p => new SwitchPort(1, p.Port), _ => ++number);

        Assert.Equal([0xaul], plans[0].Hosts.Select(h => h.Host.Mac));
        Assert.Equal([0xbul], plans[1].Hosts.Select(h => h.Host.Mac));
        Assert.Equal([0xcul], plans[2].Hosts.Select(h => h.Host.Mac));
        Assert.Equal(MemberKind.Subnet, plans[2].Hosts[0].Via);
    }
}
