using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;

namespace SdnCtl.Control.Tests.PathComputation;

/// <summary>
/// The oracle: every simple path between two switches by depth-first enumeration over the
/// snapshot's links, with costs summed exactly in decimal from the link records themselves.
/// </summary>
internal static class BruteForce
{
    public static List<LinkInfo[]> SimplePaths(TopologySnapshot snapshot, ulong source, ulong target)
    {
        var bySource = snapshot.Links.ToLookup(l => l.Source.DatapathId);
        var result = new List<LinkInfo[]>();
        var stack = new List<LinkInfo>();
        var visited = new HashSet<ulong> { source };
        Walk(source);
        return result;

        void Walk(ulong node)
        {
            if (node == target)
            {
                result.Add([.. stack]);
                return;
            }

            foreach (LinkInfo link in bySource[node])
            {
                ulong next = link.Destination.DatapathId;
                if (visited.Add(next))
                {
                    stack.Add(link);
                    Walk(next);
                    stack.RemoveAt(stack.Count - 1);
                    visited.Remove(next);
                }
            }
        }
    }

    public static decimal Cost(IEnumerable<LinkInfo> path, PathMetric metric) => metric switch
    {
        PathMetric.Hops => path.Count(),
        PathMetric.Latency => path.Sum(l => (decimal)(l.LatencyMs ?? 0.1)),
        _ => path.Sum(l => 1000m / (decimal)(l.BandwidthMbps ?? 1000)),
    };

    public static decimal Latency(IEnumerable<LinkInfo> path) => Cost(path, PathMetric.Latency);

    public static void AssertIsPath(ComputedPath path, ulong source, ulong target)
    {
        Assert.Equal(source, path.Path.SourceDpid);
        Assert.Equal(target, path.Path.DestinationDpid);
        ulong at = source;
        var visited = new HashSet<ulong> { source };
        foreach (LinkInfo link in path.Path.Links)
        {
            Assert.Equal(at, link.Source.DatapathId);
            at = link.Destination.DatapathId;
            Assert.True(visited.Add(at), $"path {path.Path} visits {at} twice");
        }

        Assert.Equal(target, at);
    }

    public static void AssertCost(decimal expected, double actual) =>
        Assert.True(Math.Abs((double)expected - actual) < 1e-6, $"expected cost {expected}, got {actual}");
}
