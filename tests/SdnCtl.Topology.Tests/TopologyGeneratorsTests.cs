using System.Net;
using SdnCtl.Topology.Tests.TestSupport;

namespace SdnCtl.Topology.Tests;

public class TopologyGeneratorsTests
{
    [Theory]
    [InlineData(2, 5, 4, 2)]
    [InlineData(4, 20, 32, 16)]
    [InlineData(6, 45, 108, 54)]
    [InlineData(8, 80, 256, 128)]
    [InlineData(16, 320, 2_048, 1_024)]
    public void FatTree_EvenK_HasClassicCountsAndIsValid(int k, int switches, int links, int hosts)
    {
        TopologyDocument document = TopologyGenerators.FatTree(k);

        Assert.Equal(switches, document.Switches.Count);
        Assert.Equal(links, document.Links.Count);
        Assert.Equal(hosts, document.Hosts.Count);
        Assert.All(document.Switches, s => Assert.Equal(k, s.Ports.Count));
        TopologyInvariants.AssertValid(document);
        AssertEveryPortUsedOnce(document);
    }

    [Fact]
    public void FatTree_K48_HasExpectedCounts()
    {
        TopologyDocument document = TopologyGenerators.FatTree(48);

        Assert.Equal(2_880, document.Switches.Count);
        Assert.Equal(55_296, document.Links.Count);
        Assert.Equal(27_648, document.Hosts.Count);
        TopologyInvariants.AssertValid(document);
        AssertEveryPortUsedOnce(document);
    }

    [Fact]
    public void FatTree_K4_FollowsTheDocumentedNamingAndPorts()
    {
        TopologyDocument document = TopologyGenerators.FatTree(4);

        Assert.Equal(["c1", "c2", "c3", "c4", "a1_1", "a1_2", "e1_1", "e1_2", "a2_1"], document.Switches.Take(9).Select(s => s.Name));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), document.Switches.Select(s => s.DatapathId));
        Assert.Equal("e4_2", document.Switches[^1].Name);

        // Edge ports 1..k/2 face hosts, k/2+j faces aggregation j; aggregation i port k/2+j faces core (i-1)k/2+j.
        HostSpec h1 = document.Hosts[0];
        Assert.Equal(new HostSpec("h1", 1, IPAddress.Parse("10.1.1.1"), 8, new PortRef("e1_1", 1)), h1);
        Assert.Equal(new HostSpec("h16", 16, IPAddress.Parse("10.4.2.2"), 8, new PortRef("e4_2", 2)), document.Hosts[^1]);
        Assert.Contains(new LinkSpec(new PortRef("a1_2", 1), new PortRef("e1_1", 4)), document.Links);
        Assert.Contains(new LinkSpec(new PortRef("c4", 3), new PortRef("a3_2", 4)), document.Links);
        Assert.Equal(new LinkSpec(new PortRef("c1", 1), new PortRef("a1_1", 3)), document.Links[0]);
        Assert.Equal("e1_1-eth3", document.FindSwitch("e1_1")!.Ports[2].Name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void Linear_N_HasOneHostPerSwitchAndNMinusOneLinks(int n)
    {
        TopologyDocument document = TopologyGenerators.Linear(n);

        Assert.Equal($"linear-{n}", document.Name);
        Assert.Equal(Enumerable.Range(1, n).Select(i => $"s{i}"), document.Switches.Select(s => s.Name));
        Assert.Equal(Enumerable.Range(1, n).Select(i => $"h{i}"), document.Hosts.Select(h => h.Name));
        Assert.Equal(n - 1, document.Links.Count);
        Assert.All(document.Hosts, h => Assert.Equal(1u, h.Attachment.Port));
        TopologyInvariants.AssertValid(document);
        AssertEveryPortUsedOnce(document);
    }

    [Fact]
    public void Linear_Three_NumbersPortsLikeMininet()
    {
        TopologyDocument document = TopologyGenerators.Linear(3);

        Assert.Equal(
            [new LinkSpec(new PortRef("s1", 2), new PortRef("s2", 2)), new LinkSpec(new PortRef("s2", 3), new PortRef("s3", 2))],
            document.Links);
        Assert.Equal(new HostSpec("h2", 2, IPAddress.Parse("10.0.0.2"), 8, new PortRef("s2", 1)), document.Hosts[1]);
    }

    [Fact]
    public void Linear_ManyHosts_CarriesAddressesIntoHigherOctets()
    {
        TopologyDocument document = TopologyGenerators.Linear(300);

        Assert.Equal(IPAddress.Parse("10.0.0.255"), document.FindHost("h255")!.Ipv4);
        Assert.Equal(IPAddress.Parse("10.0.1.0"), document.FindHost("h256")!.Ipv4);
        Assert.Equal("00:00:00:00:01:2c", MacFormat.Format(document.FindHost("h300")!.Mac));
        TopologyInvariants.AssertValid(document);
    }

    [Theory]
    [InlineData(1, 3, 1, 3)]
    [InlineData(2, 3, 4, 9)]
    [InlineData(3, 2, 7, 8)]
    [InlineData(4, 1, 4, 1)]
    [InlineData(3, 4, 21, 64)]
    public void Tree_DepthAndFanout_HasCompleteTreeCounts(int depth, int fanout, int switches, int hosts)
    {
        TopologyDocument document = TopologyGenerators.Tree(depth, fanout);

        Assert.Equal(switches, document.Switches.Count);
        Assert.Equal(switches - 1, document.Links.Count);
        Assert.Equal(hosts, document.Hosts.Count);
        TopologyInvariants.AssertValid(document);
        AssertEveryPortUsedOnce(document);
    }

    [Fact]
    public void Tree_DepthTwo_NumbersBreadthFirstWithParentOnLastPort()
    {
        TopologyDocument document = TopologyGenerators.Tree(2, 3);

        Assert.Equal(new LinkSpec(new PortRef("s1", 2), new PortRef("s3", 4)), document.Links[1]);
        Assert.Equal(new PortRef("s2", 1), document.FindHost("h1")!.Attachment);
        Assert.Equal(new PortRef("s4", 3), document.FindHost("h9")!.Attachment);
    }

    [Theory]
    [InlineData(2, 4, 2)]
    [InlineData(1, 1, 0)]
    [InlineData(4, 16, 20)]
    public void LeafSpine_Sizes_HasFullMeshAndHostsPerLeaf(int spines, int leaves, int hostsPerLeaf)
    {
        TopologyDocument document = TopologyGenerators.LeafSpine(spines, leaves, hostsPerLeaf);

        Assert.Equal(spines + leaves, document.Switches.Count);
        Assert.Equal(spines * leaves, document.Links.Count);
        Assert.Equal(leaves * hostsPerLeaf, document.Hosts.Count);
        TopologyInvariants.AssertValid(document);
        AssertEveryPortUsedOnce(document);
    }

    [Fact]
    public void LeafSpine_TwoByFour_PutsHostsFirstThenSpinesOnLeaves()
    {
        TopologyDocument document = TopologyGenerators.LeafSpine(2, 4, 2);

        Assert.Equal(["spine1", "spine2", "leaf1", "leaf2", "leaf3", "leaf4"], document.Switches.Select(s => s.Name));
        Assert.Contains(new LinkSpec(new PortRef("spine2", 3), new PortRef("leaf3", 4)), document.Links);
        Assert.Equal(new PortRef("leaf4", 2), document.FindHost("h8")!.Attachment);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-4)]
    [InlineData(5)]
    [InlineData(1000)]
    public void FatTree_BadK_Throws(int k)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TopologyGenerators.FatTree(k));

        Assert.Equal("k", ex.ParamName);
    }

    [Fact]
    public void Generators_BadParameters_ThrowNamingTheParameter()
    {
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => TopologyGenerators.Linear(0)).ParamName);
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => TopologyGenerators.Tree(0, 2)).ParamName);
        Assert.Equal("fanout", Assert.Throws<ArgumentOutOfRangeException>(() => TopologyGenerators.Tree(2, 0)).ParamName);
        Assert.Equal("hostsPerLeaf", Assert.Throws<ArgumentOutOfRangeException>(() => TopologyGenerators.LeafSpine(1, 1, -1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TopologyGenerators.Tree(40, 40));
    }

    [Fact]
    public void Generators_SameParameters_GiveEqualResults()
    {
        TopologyDocument first = TopologyGenerators.FatTree(6);
        TopologyDocument second = TopologyGenerators.FatTree(6);

        Assert.Equal(first.Links, second.Links);
        Assert.Equal(first.Hosts, second.Hosts);
        Assert.Equal(first.Switches.Select(s => (s.Name, s.DatapathId)), second.Switches.Select(s => (s.Name, s.DatapathId)));
    }

    [Fact]
    public void FatTree_ExtraPorts_AppendsUnusedPortsToEverySwitch()
    {
        TopologyDocument document = TopologyGenerators.FatTree(4, extraPorts: 2);

        Assert.All(document.Switches, s => Assert.Equal([1u, 2, 3, 4, 5, 6], s.Ports.Select(p => p.Number)));
        TopologyInvariants.AssertValid(document);
    }

    /// <summary>Generators use every port they create (without extra ports): no switch has an idle port.</summary>
    private static void AssertEveryPortUsedOnce(TopologyDocument document)
    {
        int ports = document.Switches.Sum(s => s.Ports.Count);
        int ends = (document.Links.Count * 2) + document.Hosts.Count;

        Assert.Equal(ports, ends);
    }
}
