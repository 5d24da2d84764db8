using System.Diagnostics.CodeAnalysis;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Lets the control plane install paths with an <see cref="IPathComputation"/>: pass it as the
/// control plane's <see cref="IPathService"/> so that forwarding and REST share one service.
/// </summary>
/// <param name="paths">The path computation to ask.</param>
/// <param name="metric">The metric installed paths minimise.</param>
public sealed class PathServiceAdapter(IPathComputation paths, PathMetric metric = PathMetric.Hops) : IPathService
{
    private readonly IPathComputation _paths = paths ?? throw new ArgumentNullException(nameof(paths));

    /// <summary>The path computation asked, whose reservations the control plane re-checks after a link or switch is lost.</summary>
    public IPathComputation Computation => _paths;

    /// <summary>The metric installed paths minimise.</summary>
    public PathMetric Metric { get; } = metric;

    /// <inheritdoc/>
    public NetworkPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid) =>
        _paths.ShortestPath(topology, sourceDpid, destinationDpid, Metric)?.Path;

    /// <summary>
    /// The graph of <paramref name="topology"/> and its tree of <see cref="Metric"/>-shortest paths
    /// toward <paramref name="destinationDpid"/>, when the service is the built-in one; forwarding
    /// walks it for every ingress instead of asking for one path per ingress.
    /// </summary>
    internal bool TryGetTree(TopologySnapshot topology, ulong destinationDpid, [NotNullWhen(true)] out INextHopGraph? graph, [NotNullWhen(true)] out int[]? next, out int root)
    {
        if (_paths is PathComputationService service)
        {
            INextHopGraph g = service.TreeGraphOf(topology);
            root = g.NodeOf(destinationDpid);
            if (root >= 0)
            {
                graph = g;
                next = g is LinkLossGraph loss ? loss.TreeToward(Metric, root) : ((CompactGraph)g).TreeToward(Metric, root);
                return true;
            }
        }

        graph = null;
        next = null;
        root = -1;
        return false;
    }
}
