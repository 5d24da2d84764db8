using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Tests.TestSupport;
using static SdnCtl.Topology.Tests.TestSupport.LoadAssert;

namespace SdnCtl.Topology.Tests;

/// <summary>The <c>tenants:</c> section: what it declares, and each error with its line and column.</summary>
public class TenantsSectionTests
{
    private static readonly string[] Network =
    [
        "name: t",
        "switches: [{ name: s1, ports: 3 }, { name: s2, ports: 3 }]",
        "links: [[s1:3, s2:3]]",
        "hosts:",
        "  - { name: h1, mac: \"00:00:00:00:00:01\", ip: 10.0.0.1, at: s1:1 }",
        "  - { name: h2, mac: \"00:00:00:00:00:02\", ip: 10.0.0.2, at: s2:1 }",
        "tenants:",
    ];

    private static string With(params string[] tenantLines) => Lines([.. Network, .. tenantLines]);

    [Fact]
    public void Load_VlanAndVxlanSegments_DeclaresEveryKindOfMember()
    {
        TopologyDocument document = Loads(With(
            "  - name: corp",
            "    segments:",
            "      - { name: prod, vlan: 10, priority: 5, subnet: 10.1.0.0/24, members: [{ port: s1:1 }, { host: h2 }] }",
            "      - { name: lab, vxlan: 5001, members: [{ mac: \"00:00:00:00:00:09\" }, { subnet: 10.9.0.0/16 }] }"));

        TenantSpec corp = Assert.Single(document.Tenants);
        Assert.Equal("corp", corp.Name);
        SegmentSpec prod = corp.Segments[0];
        Assert.Equal((SegmentKind.Vlan, 10u, (byte)5, "10.1.0.0/24"), (prod.Kind, prod.Id, prod.Priority, prod.Subnet.ToString()));
        Assert.Equal([MemberSpec.ForPort(new PortRef("s1", 1)), MemberSpec.ForMac(2)], prod.Members);
        SegmentSpec lab = corp.Segments[1];
        Assert.Equal((SegmentKind.Vxlan, 5001u), (lab.Kind, lab.Id));
        Assert.Equal(MemberKind.Mac, lab.Members[0].Kind);
        Assert.Equal(new Ipv4Prefix(0x0a09_0000, 16), lab.Members[1].Subnet);
    }

    [Theory]
    [InlineData("vlan: 0", 15, "VLAN id 0 is outside 1–4094")]
    [InlineData("vlan: 4095", 15, "VLAN id 4095 is outside 1–4094")]
    [InlineData("vxlan: 16777216", 16, "VNI 16777216 is outside 1–16,777,215")]
    [InlineData("vxlan: 0", 16, "VNI 0 is outside")]
    public void Load_IdOutOfRange_PointsAtTheValue(string id, int column, string message)
    {
        FailsOnce(With("  - name: corp", "    segments:", $"      - name: a", $"        {id}"), 11, column, message);
    }

    [Fact]
    public void Load_RateLimit_IsOnTheTenant()
    {
        TopologyDocument document = Loads(With(
            "  - name: corp",
            "    rateLimitMbps: 250",
            "    burstKbits: 4000",
            "    segments: [{ name: a, vlan: 1 }]",
            "  - name: free",
            "    segments: [{ name: b, vlan: 2 }]"));

        Assert.Equal(new TenantRateLimit(250, 4000), document.Tenants[0].RateLimit);
        Assert.Null(document.Tenants[1].RateLimit);
    }

    [Theory]
    [InlineData("rateLimitMbps: 0", 20, "rateLimitMbps 0 is outside 1–4000000")]
    [InlineData("rateLimitMbps: 4000001", 20, "rateLimitMbps 4000001 is outside")]
    [InlineData("burstKbits: 5", 17, "'burstKbits' of tenant 'corp' needs 'rateLimitMbps'")]
    public void Load_BadRateLimit_PointsAtTheValue(string line, int column, string message)
    {
        FailsOnce(With("  - name: corp", $"    {line}", "    segments: [{ name: a, vlan: 1 }]"), 9, column, message);
    }

    [Fact]
    public void Load_BurstOutOfRange_PointsAtTheBurst()
    {
        FailsOnce(With("  - name: corp", "    rateLimitMbps: 10", "    burstKbits: -3", "    segments: [{ name: a, vlan: 1 }]"), 10, 17, "burstKbits -3 is outside");
    }

    [Fact]
    public void Load_PriorityAbove7_IsRefused()
    {
        FailsOnce(With("  - name: corp", "    segments:", "      - { name: a, vlan: 1, priority: 8 }"), 10, 39, "priority 8 is outside 0–7");
    }

    [Fact]
    public void Load_VidUsedTwice_IsAConflictAtTheSecondSegment()
    {
        FailsOnce(
            With("  - name: corp", "    segments:", "      - { name: a, vlan: 7 }", "  - name: other", "    segments:", "      - { name: b, vlan: 7 }"),
            13, 9,
            "segment 'b' of tenant 'other'", "VLAN 7 is already used by segment 'a' of tenant 'corp'");
    }

    [Fact]
    public void Load_AccessPortInTwoSegments_IsAConflict()
    {
        FailsOnce(
            With("  - name: corp", "    segments:", "      - { name: a, vlan: 1, members: [{ port: s1:1 }] }", "      - { name: b, vlan: 2, members: [{ port: s1:1 }] }"),
            11, 47,
            "port s1:1 is already the access port of segment 'a' of tenant 'corp'");
    }

    [Fact]
    public void Load_OverlappingSubnetsInOneTenant_IsAConflict()
    {
        FailsOnce(
            With("  - name: corp", "    segments:", "      - { name: a, vlan: 1, subnet: 10.0.0.0/16 }", "      - { name: b, vlan: 2, subnet: 10.0.5.0/24 }"),
            11, 9,
            "subnet 10.0.5.0/24 overlaps subnet 10.0.0.0/16 of segment 'a' in the same tenant");
    }

    [Fact]
    public void Load_OverlappingSubnetsInTwoTenants_IsAllowed()
    {
        TopologyDocument document = Loads(With(
            "  - name: corp", "    segments: [{ name: a, vlan: 1, subnet: 10.0.0.0/16 }]",
            "  - name: other", "    segments: [{ name: b, vlan: 2, subnet: 10.0.0.0/16 }]"));

        Assert.Equal(2, document.Tenants.Count);
    }

    [Fact]
    public void Load_TrunkPortAsAccessPort_IsRefused()
    {
        FailsOnce(
            With("  - name: corp", "    segments: [{ name: a, vlan: 1, members: [{ port: s1:3 }] }]"),
            9, 54,
            "port s1:3 is an inter-switch link");
    }

    [Fact]
    public void Load_UnknownHostMember_SuggestsTheClosest()
    {
        FailsOnce(
            With("  - name: corp", "    segments: [{ name: a, vlan: 1, members: [{ host: h3 }] }]"),
            9, 54,
            "'h3' is not a host", "did you mean 'h1'?");
    }

    [Fact]
    public void Load_SubnetWithHostBits_IsRefused()
    {
        FailsOnce(
            With("  - name: corp", "    segments: [{ name: a, vlan: 1, subnet: 10.0.0.1/24 }]"),
            9, 44,
            "'10.0.0.1/24' has host bits set; the network is 10.0.0.0/24");
    }

    [Fact]
    public void Load_SegmentWithBothVlanAndVxlan_IsRefused()
    {
        Assert.Contains(Fails(With("  - name: corp", "    segments: [{ name: a, vlan: 1, vxlan: 2 }]")), e => e.Message.Contains("both 'vlan' and 'vxlan'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownSegmentKey_SuggestsTheRightOne()
    {
        Assert.Contains(Fails(With("  - name: corp", "    segments: [{ name: a, vlan: 1, priorty: 1 }]")), e => e.Message.Contains("did you mean 'priority'?", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_GeneratedNetworkWithTenants_KeepsTheTenants()
    {
        TopologyDocument document = Loads(Lines(
            "name: t",
            "generate: { linear: { n: 2 } }",
            "tenants: [{ name: corp, segments: [{ name: a, vlan: 5, members: [{ port: s1:1 }] }] }]"));

        Assert.Equal(2, document.Switches.Count);
        Assert.Equal("a", Assert.Single(Assert.Single(document.Tenants).Segments).Name);
    }

    [Fact]
    public void VirtualisedDc_DeclaresThreeCorpVlansWithDistinctIds()
    {
        TopologyDocument document = TopologyLoader.Load(Path.Combine(RepositoryPaths.Topologies, "virtualised-dc.yaml"));

        TenantSpec corp = document.Tenants.Single(t => t.Name == "corp");
        Assert.Equal(["production", "test", "admin"], corp.Segments.Select(s => s.Name));
        Assert.Equal(3, corp.Segments.Select(s => s.Id).Distinct().Count());
        Assert.All(corp.Segments, s => Assert.Equal(SegmentKind.Vlan, s.Kind));
    }

    [Theory]
    [InlineData(10u, 16, 10u, 24, true)]
    [InlineData(10u, 24, 11u, 24, false)]
    [InlineData(0u, 0, 11u, 24, true)]
    public void Ipv4Prefix_Overlaps_WhenOneContainsTheOther(uint a, int aLength, uint b, int bLength, bool overlaps)
    {
        var x = new Ipv4Prefix(0x0a00_0000 | (a << 8), aLength);
        var y = new Ipv4Prefix(0x0a00_0000 | (b << 8), bLength);
        if (aLength == 0)
        {
            x = new Ipv4Prefix(0, 0);
        }

        Assert.Equal(overlaps, x.Overlaps(y));
        Assert.Equal(overlaps, y.Overlaps(x));
    }
}
