namespace SdnCtl.Topology.Tests.TestSupport;

/// <summary>What every valid document satisfies, whoever built it.</summary>
public static class TopologyInvariants
{
    public static void AssertValid(TopologyDocument document)
    {
        Assert.Equal(document.Switches.Count, document.Switches.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(document.Hosts.Count, document.Hosts.Select(h => h.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(document.Switches.Select(s => s.Name).Intersect(document.Hosts.Select(h => h.Name), StringComparer.Ordinal));
        Assert.Equal(document.Switches.Count, document.Switches.Select(s => s.DatapathId).Distinct().Count());
        Assert.DoesNotContain(document.Switches, s => s.DatapathId == 0);
        Assert.Equal(document.Hosts.Count, document.Hosts.Select(h => h.Mac).Distinct().Count());
        Assert.All(document.Hosts, h => Assert.InRange(h.Mac, 1UL, MacFormat.MaxValue - 1));
        Assert.All(document.Hosts, h => Assert.Equal(0UL, (h.Mac >> 40) & 1));
        // An address repeats only across tenant segments (two VirtualBox NAT VMs are both 10.0.2.15).
        var segmentOfPort = document.Tenants.SelectMany(t => t.Segments.SelectMany(s => s.Members.Where(m => m.Kind == Tenants.MemberKind.Port).Select(m => (m.Port, Segment: $"{t.Name}/{s.Name}"))))
            .ToDictionary(x => x.Port, x => x.Segment);
        foreach (var same in document.Hosts.GroupBy(h => h.Ipv4).Where(g => g.Count() > 1))
        {
            string?[] segments = [.. same.Select(h => segmentOfPort.GetValueOrDefault(h.Attachment))];
            Assert.All(segments, s => Assert.NotNull(s));
            Assert.Equal(segments.Length, segments.Distinct().Count());
        }

        Assert.All(document.Hosts, h => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, h.Ipv4.AddressFamily));

        var ports = new Dictionary<PortRef, PortSpec>();
        foreach (SwitchSpec s in document.Switches)
        {
            Assert.NotEmpty(s.Ports);
            for (int i = 0; i < s.Ports.Count; i++)
            {
                Assert.True(i == 0 || s.Ports[i - 1].Number < s.Ports[i].Number, $"ports of {s.Name} are not in ascending order");
                ports.Add(new PortRef(s.Name, s.Ports[i].Number), s.Ports[i]);
            }
        }

        var used = new HashSet<PortRef>();
        foreach (PortRef end in document.Links.SelectMany(l => new[] { l.A, l.B }).Concat(document.Hosts.Select(h => h.Attachment))
            .Concat(document.Appliances.SelectMany(a => a.Interfaces.Select(i => i.Attachment))))
        {
            Assert.True(ports.ContainsKey(end), $"{end} is not a port of the topology");
            Assert.True(used.Add(end), $"{end} is used twice");
        }

        Assert.All(document.Links, l => Assert.NotEqual(l.A, l.B));
        Assert.All(document.Links, l => Assert.True(l.BandwidthMbps > 0 && l.LatencyMs >= 0));
    }
}
