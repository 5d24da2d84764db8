using SdnCtl.Topology.Tenants;
using static SdnCtl.Topology.Tests.TestSupport.LoadAssert;

namespace SdnCtl.Topology.Tests;

/// <summary>A switch's <c>vtep:</c>, the tunnel ports it implies, and its errors with line and column.</summary>
public class VtepTests
{
    [Fact]
    public void Load_ThreeVteps_EachGetsOneTunnelPortPerOtherVtepAfterItsHighestPort()
    {
        TopologyDocument document = Loads(Lines(
            "name: t",
            "switches:",
            "  - { name: a, ports: 3, vtep: { ip: 192.168.0.1, uplink: 1 } }",
            "  - { name: b, ports: [1, 7], vtep: { ip: 192.168.0.2, uplink: 7 } }",
            "  - { name: core, ports: 4 }",
            "  - { name: c, ports: 2, vtep: { ip: 192.168.0.3, uplink: 2 } }"));

        Assert.Equal(new VtepSpec(0xC0A8_0002, 7), document.FindSwitch("b")!.Vtep);
        Assert.Null(document.FindSwitch("core")!.Vtep);
        Assert.Equal(
            [(4u, "vxlan-b"), (5u, "vxlan-c")],
            VxlanTunnels.Of(document, document.FindSwitch("a")!).Select(t => (t.Port, t.Name)));
        Assert.Equal(
            [(8u, "a", 0xC0A8_0002u, 0xC0A8_0001u), (9u, "c", 0xC0A8_0002u, 0xC0A8_0003u)],
            VxlanTunnels.Of(document, document.FindSwitch("b")!).Select(t => (t.Port, t.Remote.Name, t.LocalAddress, t.RemoteAddress)));
        Assert.Empty(VxlanTunnels.Of(document, document.FindSwitch("core")!));
        Assert.Equal(6, VxlanTunnels.All(document).Count());
    }

    [Theory]
    [InlineData("vtep: { ip: 192.168.0.300, uplink: 1 }", 38, "VTEP address '192.168.0.300'")]
    [InlineData("vtep: { ip: 224.0.0.1, uplink: 1 }", 38, "not a unicast IPv4 address")]
    [InlineData("vtep: { ip: 192.168.0.1, uplink: 9 }", 59, "VTEP uplink 9 is not a port of switch 'a'")]
    [InlineData("vtep: { ip: 192.168.0.1 }", 32, "uplink")]
    [InlineData("vtep: { ip: 192.168.0.1, uplink: 1, mtu: 9000 }", 62, "mtu")]
    [InlineData("vtep: 192.168.0.1", 32, "'vtep' of switch 'a' must be a mapping")]
    public void Load_BadVtep_PointsAtTheValue(string vtep, int column, string message)
    {
        FailsOnce(Lines("name: t", "switches:", $"  - {{ name: a, ports: 3, {vtep} }}"), 3, column, message);
    }

    [Fact]
    public void Load_SameVtepAddressTwice_IsRefusedAtTheSecondSwitch()
    {
        FailsOnce(
            Lines(
                "name: t",
                "switches:",
                "  - { name: a, ports: 3, vtep: { ip: 192.168.0.1, uplink: 1 } }",
                "  - { name: b, ports: 3, vtep: { ip: 192.168.0.1, uplink: 1 } }"),
            4,
            32,
            "VTEP address 192.168.0.1 of switch 'b' is already the VTEP address of the switch at line 3");
    }
}
