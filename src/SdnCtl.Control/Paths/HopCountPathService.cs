using SdnCtl.Control.Network;

namespace SdnCtl.Control.Paths;

/// <summary>
/// The default <see cref="IPathService"/>: fewest hops, by breadth-first search over the
/// snapshot's adjacency arrays. Ties go to the path through lower datapath ids and port numbers,
/// so the answer is stable for a given snapshot.
/// </summary>
public sealed class HopCountPathService : IPathService
{
    /// <summary>The shared instance; the service keeps no state of its own.</summary>
    public static HopCountPathService Instance { get; } = new();

    /// <inheritdoc/>
    public NetworkPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Graph.ShortestPath(sourceDpid, destinationDpid);
    }
}
