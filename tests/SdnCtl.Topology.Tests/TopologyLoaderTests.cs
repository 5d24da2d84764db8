using System.Net;
using static SdnCtl.Topology.Tests.TestSupport.LoadAssert;

namespace SdnCtl.Topology.Tests;

public class TopologyLoaderTests
{
    [Fact]
    public void Parse_FullForm_ReadsEveryField()
    {
        TopologyDocument document = Loads(Lines(
            "name: lab",
            "switches:",
            "  - name: s1",
            "    dpid: 0x10",
            "    ports: [1, 2, {number: 48, name: uplink}]",
            "  - name: s2",
            "    dpid: \"00:00:00:00:00:00:01:00\"",
            "    ports: 2",
            "links:",
            "  - a: s1:48",
            "    b: s2:1",
            "    bandwidth: 10Gbps",
            "    latency: 2ms",
            "hosts:",
            "  - name: h1",
            "    mac: \"02:00:00:00:00:0A\"",
            "    ip: 192.168.1.10/24",
            "    at: s1:1"));

        Assert.Equal("lab", document.Name);
        Assert.Null(document.SourcePath);
        SwitchSpec s1 = Assert.IsType<SwitchSpec>(document.FindSwitch("s1"));
        Assert.Equal(16UL, s1.DatapathId);
        Assert.Equal([new PortSpec(1, "s1-eth1"), new PortSpec(2, "s1-eth2"), new PortSpec(48, "uplink")], s1.Ports);
        Assert.Equal(256UL, document.FindSwitch("s2")!.DatapathId);
        Assert.Equal(new LinkSpec(new PortRef("s1", 48), new PortRef("s2", 1), 10_000, 2), Assert.Single(document.Links));
        Assert.Equal(new HostSpec("h1", 0x02_00_00_00_00_0A, IPAddress.Parse("192.168.1.10"), 24, new PortRef("s1", 1)), Assert.Single(document.Hosts));
    }

    [Fact]
    public void Parse_OmittedOptionalValues_GetDocumentedDefaults()
    {
        TopologyDocument document = Loads(Lines(
            "name: defaults",
            "switches:",
            "  - { name: s1, ports: 2 }",
            "  - { name: s2, ports: 2, dpid: 1 }",
            "  - { name: s3, ports: 1 }",
            "links:",
            "  - [s1:1, s2:1]",
            "hosts:",
            "  - { name: h1, ip: 10.0.0.1, at: s1:2 }",
            "  - { name: h2, ip: 10.0.0.2, at: s2:2, mac: \"00:00:00:00:00:01\" }"));

        // Datapath ids: the lowest ids no switch declares, in order.
        Assert.Equal([2UL, 1, 3], document.Switches.Select(s => s.DatapathId));
        LinkSpec link = Assert.Single(document.Links);
        Assert.Equal(1000, link.BandwidthMbps);
        Assert.Equal(0.1, link.LatencyMs);
        // MACs: the lowest MAC no host declares; prefix /8 when not written.
        Assert.Equal(2UL, document.FindHost("h1")!.Mac);
        Assert.Equal(8, document.FindHost("h1")!.PrefixLength);
    }

    [Theory]
    [InlineData("100", 100)]
    [InlineData("2.5", 2.5)]
    [InlineData("100Mbps", 100)]
    [InlineData("\"10 Gbps\"", 10_000)]
    [InlineData("1tbps", 1_000_000)]
    [InlineData("500Kbps", 0.5)]
    [InlineData("1e3", 1000)]
    public void Parse_BandwidthForms_ConvertToMbps(string written, double mbps)
    {
        TopologyDocument document = Loads(TwoSwitchLink($"bandwidth: {written}"));

        Assert.Equal(mbps, Assert.Single(document.Links).BandwidthMbps);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.5", 0.5)]
    [InlineData("500us", 0.5)]
    [InlineData("500µs", 0.5)]
    [InlineData("2ms", 2)]
    [InlineData("1s", 1000)]
    [InlineData("250000ns", 0.25)]
    public void Parse_LatencyForms_ConvertToMilliseconds(string written, double ms)
    {
        TopologyDocument document = Loads(TwoSwitchLink($"latency: {written}"));

        Assert.Equal(ms, Assert.Single(document.Links).LatencyMs);
    }

    [Fact]
    public void Parse_GeneratedOnly_GivesTheGeneratorsNetworkUnderTheFilesName()
    {
        TopologyDocument document = Loads(Lines(
            "name: my-fabric",
            "generate:",
            "  leaf-spine: { spines: 2, leaves: 3, hosts-per-leaf: 1 }"));

        TopologyDocument expected = TopologyGenerators.LeafSpine(2, 3, 1);
        Assert.Equal("my-fabric", document.Name);
        Assert.Equal(expected.Links, document.Links);
        Assert.Equal(expected.Hosts, document.Hosts);
    }

    [Theory]
    [InlineData("linear: { n: 4 }", 4, 3, 4)]
    [InlineData("tree: { depth: 2, fanout: 2 }", 3, 2, 4)]
    [InlineData("fat-tree: { k: 2 }", 5, 4, 2)]
    [InlineData("leaf-spine: { spines: 1, leaves: 2, hosts-per-leaf: 0 }", 3, 2, 0)]
    public void Parse_EachGenerator_ExpandsToItsCounts(string generator, int switches, int links, int hosts)
    {
        TopologyDocument document = Loads(Lines("name: g", "generate:", $"  {generator}"));

        Assert.Equal((switches, links, hosts), (document.Switches.Count, document.Links.Count, document.Hosts.Count));
    }

    [Fact]
    public void Parse_GeneratedPlusExplicit_AddsEntriesOnSparePorts()
    {
        TopologyDocument document = Loads(Lines(
            "name: linear-plus",
            "generate:",
            "  linear: { n: 2, extra-ports: 1 }",
            "switches:",
            "  - { name: edge, ports: 2 }",
            "links:",
            "  - [s2:3, edge:1]",
            "hosts:",
            "  - { name: mgmt, ip: 10.0.0.100, at: s1:3 }",
            "  - { name: h9, ip: 10.0.0.9, at: edge:2 }"));

        Assert.Equal(["s1", "s2", "edge"], document.Switches.Select(s => s.Name));
        Assert.Equal(3UL, document.FindSwitch("edge")!.DatapathId);
        Assert.Equal(2, document.Links.Count);
        Assert.Equal(["h1", "h2", "mgmt", "h9"], document.Hosts.Select(h => h.Name));
        Assert.Equal(3UL, document.FindHost("mgmt")!.Mac);
    }

    [Fact]
    public void Parse_EmptySections_AreAllowed()
    {
        TopologyDocument document = Loads(Lines("name: empty", "switches:", "links: []", "hosts: ~"));

        Assert.Empty(document.Switches);
        Assert.Empty(document.Links);
        Assert.Empty(document.Hosts);
    }

    [Fact]
    public void Parse_SectionsInAnyOrder_ResolveForwardReferences()
    {
        TopologyDocument document = Loads(Lines(
            "hosts:",
            "  - { name: h1, ip: 10.0.0.1, at: s1:1 }",
            "links:",
            "  - [s1:2, s2:1]",
            "switches:",
            "  - { name: s1, ports: 2 }",
            "  - { name: s2, ports: 1 }",
            "name: reversed"));

        Assert.Single(document.Links);
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreResolved()
    {
        TopologyDocument document = Loads(Lines(
            "name: aliases",
            "switches:",
            "  - { name: s1, ports: &four 4 }",
            "  - { name: s2, ports: *four }"));

        Assert.Equal(4, document.FindSwitch("s2")!.Ports.Count);
    }

    [Fact]
    public void Load_FileOnDisk_SetsSourcePathAndUsesThePathInErrors()
    {
        string directory = Path.Combine(Path.GetTempPath(), "sdnctl-topology-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string good = Path.Combine(directory, "good.yaml");
            string bad = Path.Combine(directory, "bad.yaml");
            File.WriteAllText(good, Lines("name: good", "generate:", "  linear: { n: 2 }"));
            File.WriteAllText(bad, Lines("name: bad", "generate:", "  linear: { n: 0 }"));

            Assert.Equal(good, TopologyLoader.Load(good).SourcePath);
            var ex = Assert.Throws<TopologyException>(() => TopologyLoader.Load(bad));
            Assert.Equal($"{bad}:3:16: linear n must be at least 1, but is 0", Assert.Single(ex.Errors).ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TryLoad_MissingFile_ReturnsAnErrorInsteadOfThrowing()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "nowhere.yaml");

        TopologyLoadResult result = TopologyLoader.TryLoad(path);

        Assert.False(result.Succeeded);
        TopologyError error = Assert.Single(result.Errors);
        Assert.Equal((path, 0, 0), (error.File, error.Line, error.Column));
        Assert.Contains("cannot read the topology file", error.Message, StringComparison.Ordinal);
        Assert.Throws<TopologyException>(() => TopologyLoader.Load(path));
    }

    [Fact]
    public void Parse_BadInput_ThrowsTopologyExceptionWithAllErrors()
    {
        var ex = Assert.Throws<TopologyException>(() => TopologyLoader.Parse(Lines("name: x", "generate:", "  fat-tree: { k: 3 }", "hosts: 5"), "x.yaml"));

        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith("2 errors in x.yaml:", ex.Message, StringComparison.Ordinal);
    }

    private static string TwoSwitchLink(string attribute) => Lines(
        "name: t",
        "switches:",
        "  - { name: s1, ports: 1 }",
        "  - { name: s2, ports: 1 }",
        "links:",
        "  - a: s1:1",
        "    b: s2:1",
        $"    {attribute}");
}
