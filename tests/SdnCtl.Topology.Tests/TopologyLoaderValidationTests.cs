using static SdnCtl.Topology.Tests.TestSupport.LoadAssert;

namespace SdnCtl.Topology.Tests;

/// <summary>One test per kind of error: each asserts the line, the column and what the message says.</summary>
public class TopologyLoaderValidationTests
{
    // ---- structure ----

    [Fact]
    public void Parse_UnknownTopLevelKey_NamesItSuggestsAndListsAllowedKeys()
    {
        FailsOnce(
            Lines("name: t", "switchs: []"),
            2, 1,
            "unknown key 'switchs' in the topology", "did you mean 'switches'?", "allowed keys are: name, generate, switches, links, hosts, tenants");
    }

    [Fact]
    public void Parse_UnknownKeyInSwitch_PointsAtTheKey()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - name: s1", "    ports: 1", "    dpi: 1"),
            5, 5,
            "unknown key 'dpi' in switch 's1'", "did you mean 'dpid'?", "allowed keys are: name, dpid, ports");
    }

    [Fact]
    public void Parse_UnknownKeyInLink_PointsAtTheKey()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "links:", "  - { a: s1:1, b: s1:2, delay: 1 }"),
            4, 25,
            "unknown key 'delay' in link", "allowed keys are: a, b, bandwidth, latency");
    }

    [Fact]
    public void Parse_MissingRequiredKey_PointsAtTheMapping()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - name: s1", "    ports: 1", "hosts:", "  - name: h1", "    ip: 10.0.0.1"),
            6, 5,
            "host 'h1' is missing the required key 'at'");
    }

    [Fact]
    public void Parse_MissingName_PointsAtTheDocument()
    {
        FailsOnce(Lines("switches: []"), 1, 1, "the topology is missing the required key 'name'");
    }

    [Fact]
    public void Parse_MissingSwitchPorts_ReportsIt()
    {
        FailsOnce(Lines("name: t", "switches:", "  - name: s1"), 3, 5, "switch 's1' is missing the required key 'ports'");
    }

    [Fact]
    public void Parse_WrongTypeForPorts_SaysWhatWasExpectedAndFound()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - name: s1", "    ports: { a: 1 }"),
            4, 12,
            "'ports' must be a port count, a list of port numbers, or a list of {number, name} mappings, but found a mapping");
    }

    [Fact]
    public void Parse_WrongTypeForSection_SaysWhatWasExpectedAndFound()
    {
        FailsOnce(Lines("name: t", "switches: s1"), 2, 11, "'switches' must be a list of switches, but found 's1'");
    }

    [Fact]
    public void Parse_WrongTypeForName_SaysWhatWasFound()
    {
        FailsOnce(Lines("name: [a, b]"), 1, 7, "'name' must be the topology's name, but found a list");
    }

    [Fact]
    public void Parse_RootIsNotAMapping_SaysSo()
    {
        FailsOnce(Lines("- name: t"), 1, 1, "a topology file must be a mapping", "but found a list");
    }

    [Fact]
    public void Parse_EmptyText_SaysTheFileIsEmpty()
    {
        FailsOnce("# only a comment\n", 1, 1, "the file is empty");
    }

    [Fact]
    public void Parse_TwoDocuments_PointsAtTheSecond()
    {
        FailsOnce(Lines("name: a", "---", "name: b"), 3, 1, "holds one YAML document");
    }

    // ---- YAML syntax ----

    [Fact]
    public void Parse_YamlSyntaxError_BecomesAnErrorWithPosition()
    {
        FailsOnce(Lines("name: t", "switches:", "  - name: \"s1", "    ports: 1"), 3, 11, "YAML syntax error");
    }

    [Fact]
    public void Parse_UnclosedFlowSequence_BecomesAnErrorWithPosition()
    {
        // YamlDotNet throws InvalidOperationException without a position for this one.
        IReadOnlyList<TopologyError> errors = Fails(Lines("name: t", "links:", "  - [s1:1, s2:1", "hosts: []"));

        TopologyError error = Assert.Single(errors);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_DuplicateKey_PointsAtTheSecond()
    {
        FailsOnce(Lines("name: t", "switches: []", "name: u"), 3, 1, "duplicate key 'name'");
    }

    [Fact]
    public void Parse_AliasToUndefinedAnchor_PointsAtTheAlias()
    {
        FailsOnce(Lines("name: t", "switches:", "  - { name: s1, ports: *many }"), 3, 24, "alias *many refers to an anchor that is not defined");
    }

    [Fact]
    public void Parse_RecursiveAlias_IsAnErrorNotAHang()
    {
        IReadOnlyList<TopologyError> errors = Fails(Lines("name: t", "switches: &loop [*loop]"));

        Assert.NotEmpty(errors);
    }

    // ---- switches ----

    [Fact]
    public void Parse_DuplicateSwitchName_PointsAtTheSecondAndNamesTheFirst()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - name: s1", "    ports: 1", "  - name: s1", "    ports: 1"),
            5, 11,
            "duplicate switch name 's1': already used by switch 's1' at line 3");
    }

    [Fact]
    public void Parse_DuplicateDatapathId_NamesBothSwitches()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - name: s1", "    dpid: 7", "    ports: 1", "  - name: s2", "    dpid: \"00:00:00:00:00:00:00:07\"", "    ports: 1"),
            7, 11,
            "datapath id 7 (00:00:00:00:00:00:00:07) of switch 's2' is already used by switch 's1' at line 3");
    }

    [Fact]
    public void Parse_DatapathIdZero_IsRejected()
    {
        FailsOnce(Lines("name: t", "switches:", "  - name: s1", "    dpid: 0", "    ports: 1"), 4, 11, "datapath id 0 is not allowed");
    }

    [Theory]
    [InlineData("18446744073709551616", "datapath id 18446744073709551616 is outside 1–18446744073709551615")]
    [InlineData("-1", "datapath id -1 is outside 1–18446744073709551615")]
    [InlineData("0x10000000000000000", "is outside 1–18446744073709551615")]
    [InlineData("\"00:00:00:01\"", "'00:00:00:01' is not a datapath id")]
    [InlineData("one", "'one' is not a datapath id")]
    public void Parse_DatapathIdOutOfRangeOrMalformed_IsRejected(string dpid, string fragment)
    {
        FailsOnce(Lines("name: t", "switches:", "  - name: s1", $"    dpid: {dpid}", "    ports: 1"), 4, 11, fragment);
    }

    [Fact]
    public void Parse_InvalidSwitchName_IsRejected()
    {
        FailsOnce(Lines("name: t", "switches:", "  - name: \"s 1\"", "    ports: 1"), 3, 11, "switch name 's 1' is not valid");
    }

    [Theory]
    [InlineData("0", "port count 0 is outside 1–4096")]
    [InlineData("5000", "port count 5000 is outside 1–4096")]
    [InlineData("[]", "needs at least one port")]
    [InlineData("[1, 0]", "port number 0 is outside 1–4294967040")]
    [InlineData("[1, {name: x}]", "port is missing the required key 'number'")]
    [InlineData("[{number: 1, name: this-name-is-far-too-long}]", "port name 'this-name-is-far-too-long' is not valid")]
    public void Parse_BadPorts_AreRejected(string ports, string fragment)
    {
        IReadOnlyList<TopologyError> errors = Fails(Lines("name: t", "switches:", "  - name: s1", $"    ports: {ports}"));

        TopologyError error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PortListedTwice_PointsAtTheSecond()
    {
        FailsOnce(Lines("name: t", "switches:", "  - name: s1", "    ports:", "      - 1", "      - 1"), 6, 9, "port 1 is listed twice in switch 's1' (first at line 5)");
    }

    [Fact]
    public void Parse_PortNameClashingWithADefaultName_IsRejected()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - name: s1", "    ports:", "      - 2", "      - { number: 1, name: s1-eth2 }"),
            6, 28,
            "port name 's1-eth2' is used twice in switch 's1' (first at line 5)");
    }

    // ---- links ----

    [Fact]
    public void Parse_LinkToUnknownSwitch_PointsAtThatEnd()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - { name: s1, ports: 1 }", "links:", "  - [s1:1, s9:1]"),
            5, 12,
            "'s9:1' names unknown switch 's9'", "did you mean 's1'?");
    }

    [Fact]
    public void Parse_LinkToPortTheSwitchLacks_ListsItsPorts()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - { name: s1, ports: 1 }", "  - { name: s2, ports: 2 }", "links:", "  - a: s1:1", "    b: s2:7"),
            7, 8,
            "switch 's2' has no port 7 (its ports are 1–2)");
    }

    [Fact]
    public void Parse_LinkToHost_SaysHostsAttachWithAt()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "links:", "  - [s1:1, h1:1]", "hosts:", "  - { name: h1, ip: 10.0.0.1, at: s1:2 }"),
            4, 12,
            "'h1:1' names host 'h1', not a switch");
    }

    [Fact]
    public void Parse_PortUsedByTwoLinks_NamesTheFirstUser()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - { name: s1, ports: 2 }", "  - { name: s2, ports: 2 }", "links:", "  - [s1:1, s2:1]", "  - [s1:1, s2:2]"),
            7, 6,
            "port s1:1 is already used by the link at line 6");
    }

    [Fact]
    public void Parse_PortUsedByLinkAndHost_NamesTheLink()
    {
        FailsOnce(
            Lines("name: t", "switches:", "  - { name: s1, ports: 2 }", "  - { name: s2, ports: 2 }", "links:", "  - [s1:1, s2:1]", "hosts:", "  - { name: h1, ip: 10.0.0.1, at: s1:1 }"),
            8, 35,
            "port s1:1 is already used by the link at line 6");
    }

    [Fact]
    public void Parse_PortUsedByTwoHosts_NamesTheFirstHost()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 1 }]", "hosts:", "  - { name: h1, ip: 10.0.0.1, at: s1:1 }", "  - { name: h2, ip: 10.0.0.2, at: s1:1 }"),
            5, 35,
            "port s1:1 is already used by host 'h1' at line 4");
    }

    [Fact]
    public void Parse_LinkFromPortToItself_IsRejected()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "links:", "  - [s1:1, s1:1]"),
            4, 12,
            "the link connects port s1:1 to itself");
    }

    [Theory]
    [InlineData("s1-1", "'s1-1' is not a switch port: write 'switch:port'")]
    [InlineData("\":1\"", "the switch name before ':' is missing")]
    [InlineData("\"s1:\"", "'' after ':' is not a port number")]
    [InlineData("s1:x", "'x' after ':' is not a port number")]
    [InlineData("s1:0", "port number 0 in 's1:0' is outside 1–4294967040")]
    [InlineData("\"s 1:1\"", "'s 1' is not a valid switch name")]
    public void Parse_MalformedSwitchPort_IsRejected(string end, string fragment)
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "links:", $"  - [{end}, s1:2]"),
            4, 6,
            fragment);
    }

    [Fact]
    public void Parse_ShortLinkWithThreeEnds_IsRejected()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 3 }]", "links:", "  - [s1:1, s1:2, s1:3]"),
            4, 5,
            "must list its two ends, [a, b], but this list has 3 items");
    }

    [Theory]
    [InlineData("bandwidth: -5", "bandwidth -5 is not allowed: a link's bandwidth must be greater than 0")]
    [InlineData("bandwidth: 0", "must be greater than 0")]
    [InlineData("bandwidth: -1Gbps", "bandwidth -1Gbps is not allowed")]
    [InlineData("bandwidth: 10Gibps", "unknown bandwidth unit 'Gibps'")]
    [InlineData("bandwidth: fast", "'fast' is not a bandwidth")]
    [InlineData("bandwidth: .nan", "'.nan' is not a bandwidth")]
    [InlineData("latency: -1", "latency -1 is not allowed: a link's latency must not be negative")]
    [InlineData("latency: -2ms", "latency -2ms is not allowed")]
    [InlineData("latency: 3 fortnights", "unknown latency unit 'fortnights'")]
    public void Parse_BadBandwidthOrLatency_IsRejectedAtTheValue(string attribute, string fragment)
    {
        int column = attribute.IndexOf(':', StringComparison.Ordinal) + 7;
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "links:", "  - a: s1:1", "    b: s1:2", $"    {attribute}"),
            6, column,
            fragment);
    }

    // ---- hosts ----

    [Fact]
    public void Parse_DuplicateHostName_NamesTheFirst()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "hosts:", "  - name: h1", "    ip: 10.0.0.1", "    at: s1:1", "  - name: h1", "    ip: 10.0.0.2", "    at: s1:2"),
            7, 11,
            "duplicate host name 'h1': already used by host 'h1' at line 4");
    }

    [Fact]
    public void Parse_HostNamedLikeASwitch_IsRejected()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "hosts:", "  - { name: s1, ip: 10.0.0.1, at: s1:1 }"),
            4, 13,
            "host name 's1' is already used by switch 's1' at line 2");
    }

    [Fact]
    public void Parse_MacUsedTwice_NamesBothHosts()
    {
        FailsOnce(
            Lines(
                "name: t",
                "switches: [{ name: s1, ports: 2 }]",
                "hosts:",
                "  - { name: h1, mac: \"0a:00:00:00:00:01\", ip: 10.0.0.1, at: s1:1 }",
                "  - { name: h2, mac: \"0A-00-00-00-00-01\", ip: 10.0.0.2, at: s1:2 }"),
            5, 22,
            "MAC 0a:00:00:00:00:01 of host 'h2' is already used by host 'h1' at line 4");
    }

    [Theory]
    [InlineData("ff:ff:ff:ff:ff:ff", "MAC ff:ff:ff:ff:ff:ff is the broadcast address")]
    [InlineData("01:00:5e:00:00:01", "MAC 01:00:5e:00:00:01 is a multicast address")]
    [InlineData("33:33:00:00:00:01", "is a multicast address")]
    [InlineData("00:00:00:00:00:00", "is all zeros")]
    [InlineData("00:00:00:00:01", "'00:00:00:00:01' is not a MAC address")]
    [InlineData("00:00:00:00:00:0g", "is not a MAC address")]
    public void Parse_BadMac_IsRejected(string mac, string fragment)
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 1 }]", "hosts:", "  - name: h1", $"    mac: \"{mac}\"", "    ip: 10.0.0.1", "    at: s1:1"),
            5, 10,
            fragment);
    }

    [Theory]
    [InlineData("10.0.0.300/24", "'10.0.0.300' is not an IPv4 address: 300 is outside 0–255")]
    [InlineData("10.1", "'10.1' is not an IPv4 address with an optional prefix length")]
    [InlineData("10.0.0.1/33", "prefix length 33 in '10.0.0.1/33' is outside 1–32")]
    [InlineData("10.0.0.01", "'01' has a leading zero")]
    [InlineData("10.0.0.0/24", "10.0.0.0 is the network address of 10.0.0.0/24")]
    [InlineData("10.0.0.255/24", "10.0.0.255 is the broadcast address of 10.0.0.0/24")]
    [InlineData("224.0.0.1", "is a multicast address")]
    [InlineData("127.0.0.1", "is a loopback address")]
    [InlineData("0.0.0.0", "0.0.0.0 is not a host address")]
    [InlineData("fe80::1", "is not an IPv4 address")]
    public void Parse_InvalidIpv4_IsRejected(string ip, string fragment)
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 1 }]", "hosts:", "  - name: h1", $"    ip: \"{ip}\"", "    at: s1:1"),
            5, 9,
            fragment);
    }

    [Fact]
    public void Parse_DuplicateIpv4_NamesBothHosts()
    {
        FailsOnce(
            Lines("name: t", "switches: [{ name: s1, ports: 2 }]", "hosts:", "  - { name: h1, ip: 10.0.0.1/24, at: s1:1 }", "  - { name: h2, ip: 10.0.0.1/16, at: s1:2 }"),
            5, 21,
            "IPv4 address 10.0.0.1 of host 'h2' is already used by host 'h1' at line 4");
    }

    // ---- generators ----

    [Theory]
    [InlineData("fat-tree: { k: 5 }", 18, "fat-tree k must be even", "but is 5")]
    [InlineData("fat-tree: { k: 0 }", 18, "fat-tree k must be at least 2, but is 0")]
    [InlineData("fat-tree: { k: -2 }", 18, "fat-tree k must be at least 2, but is -2")]
    [InlineData("fat-tree: { k: 1000 }", 18, "a fat-tree with k=1000 would have more than")]
    [InlineData("fat-tree: { k: four }", 18, "fat-tree k must be an integer, but found 'four'")]
    [InlineData("fat-tree: { k: 99999999999 }", 18, "fat-tree k 99999999999 is too large")]
    [InlineData("linear: { n: 0 }", 16, "linear n must be at least 1, but is 0")]
    [InlineData("tree: { depth: 0, fanout: 2 }", 18, "tree depth must be at least 1, but is 0")]
    [InlineData("tree: { depth: 2, fanout: 0 }", 29, "tree fanout must be at least 1, but is 0")]
    [InlineData("tree: { depth: 30, fanout: 30 }", 9, "a tree of depth 30 and fanout 30 would have more than 100,000 switches")]
    [InlineData("leaf-spine: { spines: 0, leaves: 1, hosts-per-leaf: 1 }", 25, "leaf-spine spines must be at least 1")]
    [InlineData("leaf-spine: { spines: 1, leaves: 1, hosts-per-leaf: -1 }", 55, "hosts-per-leaf must not be negative")]
    [InlineData("linear: { n: 2, extra-ports: 65 }", 32, "extra-ports must be 0–64, but is 65")]
    public void Parse_BadGeneratorParameters_PointAtTheParameter(string generator, int column, params string[] fragments)
    {
        FailsOnce(Lines("name: t", "generate:", $"  {generator}"), 3, column, fragments);
    }

    [Fact]
    public void Parse_MissingGeneratorParameter_NamesIt()
    {
        FailsOnce(Lines("name: t", "generate:", "  tree: { depth: 2 }"), 3, 9, "'tree' is missing the required key 'fanout'");
    }

    [Fact]
    public void Parse_UnknownGenerator_SuggestsTheClosest()
    {
        FailsOnce(
            Lines("name: t", "generate:", "  fat_tree: { k: 4 }"),
            3, 3,
            "unknown generator 'fat_tree' in 'generate' (did you mean 'fat-tree'?)", "allowed generators are: linear, tree, fat-tree, leaf-spine");
    }

    [Fact]
    public void Parse_TwoGenerators_RejectsTheSecond()
    {
        FailsOnce(Lines("name: t", "generate:", "  linear: { n: 2 }", "  tree: { depth: 1, fanout: 2 }"), 4, 3, "'generate' takes one generator, but 'tree' follows 'linear'");
    }

    [Fact]
    public void Parse_GenerateWithoutGenerator_SaysWhatIsExpected()
    {
        FailsOnce(Lines("name: t", "generate: fat-tree"), 2, 11, "'generate' must name one generator", "but found 'fat-tree'");
    }

    [Fact]
    public void Parse_ExplicitSwitchClashingWithGenerated_NamesTheGenerator()
    {
        FailsOnce(
            Lines("name: t", "generate:", "  fat-tree: { k: 2 }", "switches:", "  - { name: c1, ports: 1 }"),
            5, 13,
            "duplicate switch name 'c1': already used by switch 'c1' generated by fat-tree at line 3");
    }

    [Fact]
    public void Parse_ExplicitDatapathIdClashingWithGenerated_IsRejected()
    {
        FailsOnce(
            Lines("name: t", "generate:", "  linear: { n: 2 }", "switches:", "  - { name: x, dpid: 2, ports: 1 }"),
            5, 22,
            "datapath id 2 (00:00:00:00:00:00:00:02) of switch 'x' is already used by switch 's2' generated by linear at line 3");
    }

    [Fact]
    public void Parse_HostOnUsedGeneratedPort_NamesTheGeneratedHost()
    {
        FailsOnce(
            Lines("name: t", "generate:", "  linear: { n: 2 }", "hosts:", "  - { name: x, ip: 10.1.0.1, at: s1:1 }"),
            5, 34,
            "port s1:1 is already used by host 'h1' generated by linear at line 3");
    }

    // ---- many errors at once ----

    [Fact]
    public void Parse_SeveralErrors_ReportsAllInFileOrder()
    {
        IReadOnlyList<TopologyError> errors = Fails(Lines(
            "name: t",
            "switches:",
            "  - { name: s1, dpid: 0, ports: 2 }",
            "  - { name: s2, ports: 2, colour: red }",
            "links:",
            "  - [s1:1, s3:1]",
            "  - { a: s1:2, b: s2:1, bandwidth: -1 }",
            "hosts:",
            "  - { name: h1, mac: \"ff:ff:ff:ff:ff:ff\", ip: 10.0.0.256, at: s2:9 }"));

        Assert.Equal(
            [(3, 23), (4, 27), (6, 12), (7, 36), (9, 22), (9, 47), (9, 63)],
            errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void Parse_MalformedSwitch_DoesNotCascadeIntoLinkErrors()
    {
        // s2's ports are malformed: that is one error, and links to s2 are not also reported.
        FailsOnce(
            Lines("name: t", "switches:", "  - { name: s1, ports: 1 }", "  - { name: s2, ports: many }", "links:", "  - [s1:1, s2:5]"),
            4, 24,
            "'ports' must be");
    }
}
