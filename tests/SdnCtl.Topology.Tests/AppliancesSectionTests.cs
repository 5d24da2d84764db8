using System.Net;
using System.Text.Json;
using SdnCtl.Topology.Appliances;
using SdnCtl.Topology.Tenants;
using static SdnCtl.Topology.Tests.TestSupport.LoadAssert;

namespace SdnCtl.Topology.Tests;

/// <summary>The <c>appliances:</c> section and the host keys <c>gateway</c> and <c>listen</c>.</summary>
public sealed class AppliancesSectionTests
{
    private static readonly string Network = Lines(
        "name: t",
        "switches:",
        "  - { name: s1, ports: 6 }",
        "hosts:",
        "  - { name: h1, mac: \"00:00:00:00:00:01\", ip: 10.0.1.10/24, at: s1:1, gateway: 10.0.1.1, listen: [22, 80] }");

    [Fact]
    public void Load_Appliance_KeepsInterfacesAndOptionsAsJsonWithTheirPositions()
    {
        TopologyDocument doc = Loads(Network + Lines(
            "appliances:",
            "  - name: fw",
            "    kind: firewall",
            "    interfaces:",
            "      - { name: in, mac: \"02:00:00:00:00:01\", ip: 10.0.1.1/24, at: s1:2 }",
            "      - { name: out, mac: \"02:00:00:00:00:02\", at: s1:3 }",
            "    options:",
            "      defaultAction: deny",
            "      rules:",
            "        - { action: allow, protocol: tcp, destinationPorts: 22 }",
            "        - { action: allow, protocol: icmp, icmpType: 8, log: true }"));

        ApplianceSpec fw = Assert.Single(doc.Appliances);
        Assert.Equal(("fw", "firewall", (string?)null), (fw.Name, fw.Kind, fw.Assembly));
        Assert.Equal(
            [new ApplianceInterfaceSpec("in", 0x0200_0000_0001, "10.0.1.1/24", new PortRef("s1", 2)), new ApplianceInterfaceSpec("out", 0x0200_0000_0002, null, new PortRef("s1", 3))],
            fw.Interfaces);
        using JsonDocument options = JsonDocument.Parse(fw.OptionsJson);
        JsonElement rules = options.RootElement.GetProperty("rules");
        Assert.Equal("22", rules[0].GetProperty("destinationPorts").GetString());
        Assert.True(rules[1].GetProperty("log").GetBoolean());
        TopologyError atPort = fw.Source!.ErrorAt("rules[0].destinationPorts", "bad");
        Assert.Equal((15, 61), (atPort.Line, atPort.Column));
        Assert.Equal(15, fw.Source.ErrorAt("rules[0].sourcePorts", "left out: at its rule").Line);
        Assert.Equal(11, fw.Source.ErrorAt("interfaces[1].address", "left out: at its interface").Line);
        Assert.Equal(8, fw.Source.ErrorAt("kind", "k").Line);
        Assert.Equal(13, fw.Source.ErrorAt("$", "root of options: its mapping").Line);
    }

    [Fact]
    public void Load_HostGatewayAndListen_AreOnTheSpec()
    {
        HostSpec h1 = Assert.Single(Loads(Network).Hosts);

        Assert.Equal(IPAddress.Parse("10.0.1.1"), h1.Gateway);
        Assert.Equal([(ushort)22, (ushort)80], h1.ListenTcp);
    }

    [Theory]
    [InlineData("gateway: 10.0.2.1", "is not another address on the host's subnet")]
    [InlineData("gateway: 10.0.1.10", "is not another address on the host's subnet")]
    [InlineData("gateway: nowhere", "is not an IPv4 address")]
    [InlineData("listen: [0]", "listening port 0 is not 1–65535")]
    [InlineData("listen: [22, 22]", "listening port 22 is listed twice")]
    [InlineData("listen: 22", "'listen' must be a list")]
    public void Load_BadGatewayOrListen_IsReportedAtTheValue(string key, string fragment)
    {
        string yaml = Lines("name: t", "switches:", "  - { name: s1, ports: 2 }", "hosts:", $"  - {{ name: h1, ip: 10.0.1.10/24, at: s1:1, {key} }}");

        TopologyError error = Assert.Single(Fails(yaml));

        Assert.Equal(5, error.Line);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AppliancePortUsedByAHost_IsReportedAtTheInterface()
    {
        FailsOnce(Network + Lines(
            "appliances:",
            "  - { name: r1, kind: router, interfaces: [ { name: a, mac: \"02:00:00:00:00:01\", ip: 10.0.1.1/24, at: s1:1 } ] }"),
            7, 103, "port s1:1 is already used by host 'h1'");
    }

    [Fact]
    public void Load_ApplianceMacOfAHostOrAnotherAppliance_IsReported()
    {
        IReadOnlyList<TopologyError> errors = Fails(Network + Lines(
            "appliances:",
            "  - { name: r1, kind: router, interfaces: [ { name: a, mac: \"00:00:00:00:00:01\", at: s1:2 } ] }",
            "  - { name: r2, kind: router, interfaces: [ { name: a, mac: \"02:00:00:00:00:09\", at: s1:3 }, { name: b, mac: \"02:00:00:00:00:09\", at: s1:4 } ] }"));

        Assert.Equal(2, errors.Count);
        Assert.Contains("MAC 00:00:00:00:00:01 of interface 'a' of appliance 'r1' is already used by host 'h1'", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(7, errors[0].Line);
        Assert.Contains("is already used by interface 'a' of appliance 'r2'", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(8, errors[1].Line);
    }

    [Fact]
    public void Load_ApplianceTenant_IsOnTheSpec_AndAnUndeclaredTenantIsReportedAtTheValue()
    {
        string tenants = Lines("tenants:", "  - { name: shop, segments: [ { name: web, vlan: 10 } ] }");
        TopologyDocument doc = Loads(Network + tenants + Lines(
            "appliances:",
            "  - { name: fw, kind: firewall, tenant: shop, interfaces: [ { name: a, mac: \"02:00:00:00:00:01\", at: s1:2 } ] }",
            "  - { name: shared, kind: firewall, interfaces: [ { name: a, mac: \"02:00:00:00:00:02\", at: s1:3 } ] }"));
        Assert.Equal(["shop", null], doc.Appliances.Select(a => a.Tenant));

        FailsOnce(Network + tenants + Lines(
            "appliances:",
            "  - { name: fw, kind: firewall, tenant: nosuch, interfaces: [ { name: a, mac: \"02:00:00:00:00:01\", at: s1:2 } ] }"),
            9, 41, "appliance 'fw' belongs to tenant 'nosuch', which this file does not declare");
    }

    [Fact]
    public void Load_ApplianceNamedLikeAHost_IsReported()
    {
        FailsOnce(Network + Lines(
            "appliances:",
            "  - { name: h1, kind: router, interfaces: [ { name: a, mac: \"02:00:00:00:00:01\", at: s1:2 } ] }"),
            7, 13, "appliance name 'h1' is already used by host 'h1'");
    }

    [Fact]
    public void Load_ApplianceWithoutKindOrInterfacesOrWithUnknownKey_ReportsEach()
    {
        IReadOnlyList<TopologyError> errors = Fails(Network + Lines(
            "appliances:",
            "  - { name: r1, colour: red }"));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Message.Contains("missing the required key 'kind'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("missing the required key 'interfaces'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("unknown key 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_InterfaceSegment_MakesItsPortAnAccessPortOfTheSegment()
    {
        TopologyDocument doc = Loads(Network + Lines(
            "tenants:",
            "  - name: corp",
            "    segments:",
            "      - { name: lan, vlan: 10, members: [ { port: s1:1 } ] }",
            "appliances:",
            "  - { name: r1, kind: router, interfaces: [ { name: a, mac: \"02:00:00:00:00:01\", ip: 10.0.1.1/24, at: s1:2, segment: corp/lan } ] }"));

        SegmentSpec lan = doc.Tenants.Single().Segments.Single();
        Assert.Equal([MemberSpec.ForPort(new PortRef("s1", 1)), MemberSpec.ForPort(new PortRef("s1", 2))], lan.Members);
        Assert.Equal("corp/lan", doc.Appliances.Single().Interfaces.Single().Segment);
    }

    [Fact]
    public void Load_InterfaceSegmentThatDoesNotExist_IsReportedAtTheSegment()
    {
        FailsOnce(Network + Lines(
            "appliances:",
            "  - { name: r1, kind: router, interfaces: [ { name: a, mac: \"02:00:00:00:00:01\", at: s1:2, segment: corp/wan } ] }"),
            7, 101, "there is no tenant segment 'corp/wan'");
    }

    [Fact]
    public void Load_SameAddressInDifferentSegments_IsAllowed_ButNotInTheSameSegmentOrOutsideSegments()
    {
        string hosts = Lines(
            "name: t",
            "switches:",
            "  - { name: s1, ports: 4 }",
            "hosts:",
            "  - { name: a, ip: 10.0.2.15/24, at: s1:1 }",
            "  - { name: b, ip: 10.0.2.15/24, at: s1:2 }");
        string tenants(string bSegment) => Lines(
            "tenants:",
            "  - name: v",
            "    segments:",
            "      - { name: one, vlan: 10, members: [ { port: s1:1 } ] }",
            $"      - {{ name: two, vlan: 20, members: [ {{ port: {bSegment} }} ] }}");

        Assert.Equal(2, Loads(hosts + tenants("s1:2")).Hosts.Count);
        FailsOnce(hosts, 6, 20, "10.0.2.15 of host 'b' is already used by host 'a'");
        FailsOnce(hosts + tenants("s1:3"), 6, 20, "may repeat only in different tenant segments");
    }
}
