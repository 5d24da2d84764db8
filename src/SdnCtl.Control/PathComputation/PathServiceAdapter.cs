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

    /// <summary>The metric installed paths minimise.</summary>
    public PathMetric Metric { get; } = metric;

    /// <inheritdoc/>
    public NetworkPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid) =>
        _paths.ShortestPath(topology, sourceDpid, destinationDpid, Metric)?.Path;
}
