using SdnCtl.Nfv.Tests.Support;

namespace SdnCtl.Nfv.Tests.Contract;

public sealed class FirewallContractTests : ApplianceContractTests
{
    protected override string KindName => "firewall";

    protected override string ValidOptionsJson => """
        { "name": "a1",
          "interfaces": [ { "name": "inside", "mac": "02:00:00:00:01:01" }, { "name": "outside", "mac": "02:00:00:00:01:02" } ],
          "rules": [ { "action": "allow", "protocol": "tcp", "destinationPorts": "80" } ],
          "defaultAction": "deny" }
        """;

    protected override (string Name, string Mac)[] ExpectedInterfaces => [("inside", "02:00:00:00:01:01"), ("outside", "02:00:00:00:01:02")];

    protected override (string Json, string Option) InvalidOptions => ("""
        { "name": "a1", "interfaces": [ { "name": "inside", "mac": "02:00:00:00:01:01" } ],
          "rules": [ { "action": "allow" }, { "action": "deny", "protocol": "tcp", "destinationPorts": "90-80" } ] }
        """, "rules[1].destinationPorts");

    protected override (int Ingress, byte[] Frame) ActiveFrame =>
        (0, TestFrames.Tcp(0x0A, 0x0B, "10.0.0.1", 40000, "10.0.1.1", 80, TestFrames.Syn));
}

public sealed class RouterContractTests : ApplianceContractTests
{
    protected override string KindName => "router";

    protected override string ValidOptionsJson => """
        { "name": "a1",
          "interfaces": [ { "name": "lan", "mac": "02:00:00:00:02:01", "address": "10.0.0.1/24" },
                          { "name": "wan", "mac": "02:00:00:00:02:02", "address": "192.0.2.1/24" } ],
          "routes": [ { "destination": "0.0.0.0/0", "nextHop": "192.0.2.254" } ] }
        """;

    protected override (string Name, string Mac)[] ExpectedInterfaces => [("lan", "02:00:00:00:02:01"), ("wan", "02:00:00:00:02:02")];

    protected override (string Json, string Option) InvalidOptions => ("""
        { "name": "a1", "interfaces": [ { "name": "lan", "mac": "02:00:00:00:02:01", "address": "10.0.0.1/24" } ],
          "routes": [ { "destination": "10.9.0.0/16", "nextHop": "172.16.0.1" } ] }
        """, "routes[0].nextHop");

    protected override (int Ingress, byte[] Frame) ActiveFrame => (0, TestFrames.Arp(1, 0x0A, "10.0.0.5", 0, "10.0.0.1"));
}

public sealed class NatContractTests : ApplianceContractTests
{
    protected override string KindName => "nat";

    protected override string ValidOptionsJson => """
        { "name": "a1",
          "interfaces": [ { "name": "inside", "mac": "02:00:00:00:03:01", "address": "10.0.2.2/24" },
                          { "name": "outside", "mac": "02:00:00:00:03:02", "address": "192.168.1.50/24" } ],
          "gateway": "192.168.1.1",
          "forwards": [ { "protocol": "tcp", "externalPort": 2222, "insideAddress": "10.0.2.15", "insidePort": 22 } ] }
        """;

    protected override (string Name, string Mac)[] ExpectedInterfaces => [("inside", "02:00:00:00:03:01"), ("outside", "02:00:00:00:03:02")];

    protected override (string Json, string Option) InvalidOptions => ("""
        { "name": "a1",
          "interfaces": [ { "name": "inside", "mac": "02:00:00:00:03:01", "address": "10.0.2.2/24" },
                          { "name": "outside", "mac": "02:00:00:00:03:02", "address": "192.168.1.50/24" } ],
          "forwards": [ { "protocol": "tcp", "externalPort": 2222, "insideAddress": "192.168.1.7", "insidePort": 22 } ] }
        """, "forwards[0].insideAddress");

    protected override (int Ingress, byte[] Frame) ActiveFrame => (0, TestFrames.Arp(1, 0x0A, "10.0.2.15", 0, "10.0.2.2"));
}

/// <summary>The third-party kind, known only by the name of its assembly.</summary>
public sealed class PacketCounterContractTests : ApplianceContractTests
{
    protected override string KindName => "packet-counter";

    protected override string ValidOptionsJson => """
        { "name": "a1",
          "interfaces": [ { "name": "in", "mac": "02:00:00:00:04:01" }, { "name": "out", "mac": "02:00:00:00:04:02" } ],
          "maxFrameBytes": 1518 }
        """;

    protected override (string Name, string Mac)[] ExpectedInterfaces => [("in", "02:00:00:00:04:01"), ("out", "02:00:00:00:04:02")];

    protected override (string Json, string Option) InvalidOptions => ("""
        { "name": "a1", "interfaces": [ { "name": "in", "mac": "02:00:00:00:04:01" } ], "maxFrameBytes": 10 }
        """, "maxFrameBytes");

    protected override (int Ingress, byte[] Frame) ActiveFrame => (1, TestFrames.Udp(0x0A, 0x0B, "10.0.0.1", 5000, "10.0.0.2", 53));

    protected override ApplianceRegistry CreateRegistry()
    {
        ApplianceRegistry registry = ApplianceRegistry.CreateDefault();
        registry.LoadFrom("SdnCtl.Nfv.PacketCounter");
        return registry;
    }
}
