using System.Collections.Immutable;
using System.Net;
using SdnCtl.Control.Network;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

/// <summary>Snapshots built directly from random or generated graphs, for the path computation properties.</summary>
internal static class RandomNetworks
{
    // Values whose integer weights are exact (ns latency, millionths of a 1 Gbit/s link), so the
    // oracle's decimal sums and the service's must agree exactly on ties.
    private static readonly double[] Latencies = [0.1, 0.2, 0.5, 1.0, 2.0];
    private static readonly double[] Bandwidths = [100, 1000, 10000, 40000];

    /// <summary>
    /// <paramref name="n"/> switches s1…sn and <paramref name="cables"/> random cables; most are two
    /// directed links, some one only, and two switches may share several cables.
    /// </summary>
    public static TopologySnapshot Create(Random rng, int n, int cables, bool declareWeights = true)
    {
        var nextPort = new uint[n + 1];
        var links = new List<LinkInfo>();
        for (int c = 0; c < cables; c++)
        {
            int a = rng.Next(1, n + 1), b = rng.Next(1, n);
            if (b >= a)
            {
                b++;
            }

            double? latency = declareWeights ? Latencies[rng.Next(Latencies.Length)] : null;
            double? bandwidth = declareWeights ? Bandwidths[rng.Next(Bandwidths.Length)] : null;
            var pa = new SwitchPort((ulong)a, ++nextPort[a]);
            var pb = new SwitchPort((ulong)b, ++nextPort[b]);
            links.Add(new LinkInfo(pa, pb, DateTimeOffset.UnixEpoch, bandwidth, latency));
            if (rng.NextDouble() < 0.75)
            {
                links.Add(new LinkInfo(pb, pa, DateTimeOffset.UnixEpoch, bandwidth, latency));
            }
        }

        var switches = Enumerable.Range(1, n).Select(i => Switch((ulong)i, $"s{i}")).ToImmutableArray();
        return new TopologySnapshot(1, DateTimeOffset.UnixEpoch, switches, [.. links.OrderBy(l => l.Source)], []);
    }

    /// <summary>A snapshot with every switch, cable (both directions) and host of a topology document.</summary>
    public static TopologySnapshot FromDocument(TopologyDocument document)
    {
        var links = new List<LinkInfo>(document.Links.Count * 2);
        foreach (LinkSpec l in document.Links)
        {
            var a = new SwitchPort(document.FindSwitch(l.A.Switch)!.DatapathId, l.A.Port);
            var b = new SwitchPort(document.FindSwitch(l.B.Switch)!.DatapathId, l.B.Port);
            links.Add(new LinkInfo(a, b, DateTimeOffset.UnixEpoch, l.BandwidthMbps, l.LatencyMs));
            links.Add(new LinkInfo(b, a, DateTimeOffset.UnixEpoch, l.BandwidthMbps, l.LatencyMs));
        }

        var hosts = document.Hosts
            .Select(h => new HostInfo(
                h.Mac,
                h.Name,
                [h.Ipv4],
                new SwitchPort(document.FindSwitch(h.Attachment.Switch)!.DatapathId, h.Attachment.Port),
                DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch))
            .OrderBy(h => h.Mac)
            .ToImmutableArray();
        var switches = document.Switches.Select(s => Switch(s.DatapathId, s.Name)).OrderBy(s => s.DatapathId).ToImmutableArray();
        return new TopologySnapshot(1, DateTimeOffset.UnixEpoch, switches, [.. links.OrderBy(l => l.Source)], hosts);
    }

    /// <summary>The same switches and links with some links removed (a failure), as a new snapshot version.</summary>
    public static TopologySnapshot Without(TopologySnapshot snapshot, Func<LinkInfo, bool> removed) =>
        new(snapshot.Version + 1, snapshot.Timestamp, snapshot.Switches, [.. snapshot.Links.Where(l => !removed(l))], snapshot.Hosts);

    /// <summary>The same graph, hosts replaced: a new version that must share the compact graph.</summary>
    public static TopologySnapshot WithHost(TopologySnapshot snapshot, ulong mac, string name, SwitchPort at) =>
        new(snapshot.Version + 1, snapshot.Timestamp, snapshot.Switches, snapshot.Links,
            [new HostInfo(mac, name, [IPAddress.Loopback], at, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)]);

    private static SwitchInfo Switch(ulong dpid, string name) =>
        new(dpid, name, "test", DateTimeOffset.UnixEpoch, "test", "test", 1, []);
}
