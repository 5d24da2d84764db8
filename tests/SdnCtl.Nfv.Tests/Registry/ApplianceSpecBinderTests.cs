using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Nat;
using SdnCtl.Topology;

namespace SdnCtl.Nfv.Tests.Registry;

/// <summary>Appliances declared in topology YAML, bound to their kinds with every problem placed in the file.</summary>
public sealed class ApplianceSpecBinderTests
{
    private const string Head = """
        name: t
        switches:
          - { name: s1, ports: 6 }
        appliances:

        """;

    [Fact]
    public void Bind_BuiltInKinds_GivesTypedOptions()
    {
        var doc = TopologyLoader.Parse(Head + """
              - name: nat
                kind: nat
                interfaces:
                  - { name: inside, mac: "02:00:00:00:00:01", ip: 10.0.2.2/24, at: s1:1 }
                  - { name: outside, mac: "02:00:00:00:00:02", ip: 192.168.1.101/24, at: s1:2 }
                options:
                  tcpTimeout: "00:10:00"
                  forwards: [ { protocol: tcp, externalPort: 2222, insideAddress: 10.0.2.15, insidePort: 22 } ]
              - name: fw
                kind: firewall
                interfaces: [ { name: a, mac: "02:00:00:00:00:03", at: s1:3 } ]
                options: { defaultAction: reject, rules: [ { action: allow, protocol: tcp, destinationPorts: 22 } ] }
            """, "t.yaml");

        var errors = ApplianceSpecBinder.Bind(doc, ApplianceRegistry.CreateDefault(), out var bound);

        Assert.Empty(errors);
        var nat = Assert.IsType<NatOptions>(bound[0].Options);
        Assert.Equal(TimeSpan.FromMinutes(10), nat.TcpTimeout);
        Assert.Equal(2222, Assert.Single(nat.Forwards).ExternalPort);
        Assert.Equal(["inside", "outside"], nat.Interfaces.Select(i => i.Name));
        Assert.Equal("s1:2", nat.Interfaces[1].Attachment);
        var fw = Assert.IsType<FirewallOptions>(bound[1].Options);
        Assert.Equal(FirewallAction.Reject, fw.DefaultAction);
        Assert.Equal("22", Assert.Single(fw.Rules).DestinationPorts);
    }

    [Fact]
    public void Bind_UnknownKind_IsReportedAtTheKindWithTheKnownKinds()
    {
        var doc = TopologyLoader.Parse(Head + """
              - { name: x, kind: load-balancer, interfaces: [ { name: a, mac: "02:00:00:00:00:01", at: s1:1 } ] }
            """, "t.yaml");

        var error = Assert.Single(ApplianceSpecBinder.Bind(doc, ApplianceRegistry.CreateDefault(), out var bound));

        Assert.Empty(bound);
        Assert.Equal(("t.yaml", 5, 22), (error.File, error.Line, error.Column));
        Assert.Contains("unknown kind 'load-balancer'; known kinds are firewall, nat, router", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadOptions_AreEachReportedAtTheirOwnValue()
    {
        var doc = TopologyLoader.Parse(Head + """
              - name: r1
                kind: router
                interfaces:
                  - { name: a, mac: "02:00:00:00:00:01", ip: 10.0.1.1/24, at: s1:1 }
                  - { name: b, mac: "02:00:00:00:00:02", at: s1:2 }
                options:
                  routes:
                    - { destination: 10.9.0.0/16, nextHop: 172.16.0.1 }
            """, "t.yaml");

        var missing = Assert.Single(ApplianceSpecBinder.Bind(doc, ApplianceRegistry.CreateDefault(), out _));
        var fixedDoc = TopologyLoader.Parse(Head + """
              - name: r1
                kind: router
                interfaces:
                  - { name: a, mac: "02:00:00:00:00:01", ip: 10.0.1.1/24, at: s1:1 }
                  - { name: b, mac: "02:00:00:00:00:02", ip: 10.0.2.1/24, at: s1:2 }
                options:
                  routes:
                    - { destination: 10.9.0.0/16, nextHop: 172.16.0.1 }
            """, "t.yaml");
        var badHop = Assert.Single(ApplianceSpecBinder.Bind(fixedDoc, ApplianceRegistry.CreateDefault(), out _));

        // A missing option is reported at its parent (the interface), a bad one at its value.
        Assert.Equal((9, 9), (missing.Line, missing.Column));
        Assert.Contains("interfaces[1].address: is required", missing.Message, StringComparison.Ordinal);
        Assert.Equal((12, 48), (badHop.Line, badHop.Column));
        Assert.Contains("routes[0].nextHop: 172.16.0.1 is not on any of the router's subnets", badHop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OptionOfTheWrongShape_IsReportedAtIt()
    {
        var doc = TopologyLoader.Parse(Head + """
              - name: fw
                kind: firewall
                interfaces: [ { name: a, mac: "02:00:00:00:00:01", at: s1:1 } ]
                options:
                  defaultAction: maybe
            """, "t.yaml");

        var error = Assert.Single(ApplianceSpecBinder.Bind(doc, ApplianceRegistry.CreateDefault(), out _));

        Assert.Equal((9, 22), (error.Line, error.Column));
        Assert.Contains("defaultAction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ThirdPartyKindByAssemblyName_LoadsItAndBinds_ButAMissingAssemblyIsReportedAtIt()
    {
        var doc = TopologyLoader.Parse(Head + """
              - { name: pc, kind: packet-counter, assembly: SdnCtl.Nfv.PacketCounter, interfaces: [ { name: a, mac: "02:00:00:00:00:01", at: s1:1 } ], options: { maxFrameBytes: 9000 } }
              - { name: zz, kind: zz-box, assembly: Contoso.Missing, interfaces: [ { name: a, mac: "02:00:00:00:00:02", at: s1:2 } ] }
            """, "t.yaml");
        var registry = ApplianceRegistry.CreateDefault();

        var error = Assert.Single(ApplianceSpecBinder.Bind(doc, registry, out var bound));

        Assert.Equal("packet-counter", Assert.Single(bound).Kind.Name);
        Assert.True(registry.TryGetKind("packet-counter", out _));
        Assert.Equal(6, error.Line);
        Assert.Contains("Contoso.Missing", error.Message, StringComparison.Ordinal);
    }
}
