using System.Net;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>Small hand-made topologies for the cases the generators do not cover (loops, spare ports).</summary>
internal static class TestTopologies
{
    /// <summary>
    /// Four switches in a ring, each with host h{i} on port 1 and spare port 4:
    /// s{i}:2 is cabled to s{i+1}:3, and s4:2 to s1:3. Two equal paths join any two opposite switches.
    /// </summary>
    public static TopologyDocument Square() => Build(
        "square",
        switches: 4,
        ports: 4,
        [("s1", 2, "s2", 3), ("s2", 2, "s3", 3), ("s3", 2, "s4", 3), ("s4", 2, "s1", 3)],
        [("h1", "s1", 1), ("h2", "s2", 1), ("h3", "s3", 1), ("h4", "s4", 1)]);

    /// <summary>Three switches in a chain as Mininet's linear-3 (host on port 1; 2 and 3 face neighbours), plus spare port 4 on each.</summary>
    public static TopologyDocument LinearWithSparePorts() => Build(
        "linear-3-spare",
        switches: 3,
        ports: 4,
        [("s1", 2, "s2", 2), ("s2", 3, "s3", 2)],
        [("h1", "s1", 1), ("h2", "s2", 1), ("h3", "s3", 1)]);

    public static TopologyDocument Build(
        string name,
        int switches,
        int ports,
        (string A, uint PortA, string B, uint PortB)[] links,
        (string Host, string Switch, uint Port)[] hosts)
    {
        var switchSpecs = Enumerable.Range(1, switches)
            .Select(i => new SwitchSpec(
                $"s{i}",
                (ulong)i,
                Enumerable.Range(1, ports).Select(p => new PortSpec((uint)p, PortSpec.DefaultName($"s{i}", (uint)p))).ToList()))
            .ToList();
        var linkSpecs = links.Select(l => new LinkSpec(new PortRef(l.A, l.PortA), new PortRef(l.B, l.PortB))).ToList();
        var hostSpecs = hosts.Select((h, i) => new HostSpec(
            h.Host,
            (ulong)(i + 1),
            new IPAddress(new byte[] { 10, 0, 0, (byte)(i + 1) }),
            8,
            new PortRef(h.Switch, h.Port))).ToList();
        return new TopologyDocument(name, null, switchSpecs, linkSpecs, hostSpecs);
    }
}
