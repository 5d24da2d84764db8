using System.Net;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Network;

/// <summary>Hand-built topologies the generators do not make.</summary>
internal static class TestTopologies
{
    /// <summary>
    /// Three switches in a ring, one host each: s{i} port 1 = host h{i} (10.0.0.i/24, MAC i),
    /// port 2 = next switch, port 3 = previous switch.
    /// </summary>
    public static TopologyDocument Ring3()
    {
        var switches = new List<SwitchSpec>();
        var hosts = new List<HostSpec>();
        for (int i = 1; i <= 3; i++)
        {
            string name = $"s{i}";
            switches.Add(new SwitchSpec(name, (ulong)i, [new PortSpec(1, $"{name}-eth1"), new PortSpec(2, $"{name}-eth2"), new PortSpec(3, $"{name}-eth3")]));
            hosts.Add(new HostSpec($"h{i}", (ulong)i, IPAddress.Parse($"10.0.0.{i}"), 24, new PortRef(name, 1)));
        }

        var links = new List<LinkSpec>
        {
            new(new PortRef("s1", 2), new PortRef("s2", 3)),
            new(new PortRef("s2", 2), new PortRef("s3", 3)),
            new(new PortRef("s3", 2), new PortRef("s1", 3)),
        };
        return new TopologyDocument("ring-3", null, switches, links, hosts);
    }
}
