using SdnCtl.Control.Network;

namespace SdnCtl.Control.Paths;

/// <summary>
/// Path computation over a topology snapshot. The control plane asks it for every path it
/// installs, so a richer implementation (latency or bandwidth weights, constraints, k-shortest)
/// replaces the default by being passed to <see cref="ControlPlane"/>'s constructor.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and must not block: the control loop calls them while
/// it reroutes, and REST handlers call them concurrently. They should be deterministic (the same
/// snapshot and endpoints give the same path) so that rerouting does not churn flows.
/// </remarks>
public interface IPathService
{
    /// <summary>The shortest path from one switch to another over the snapshot's directed links.</summary>
    /// <param name="topology">The topology to compute on; snapshots are immutable.</param>
    /// <param name="sourceDpid">The switch the path starts at.</param>
    /// <param name="destinationDpid">The switch the path ends at.</param>
    /// <returns>
    /// The path (no links when the two are the same connected switch), or <see langword="null"/>
    /// when either switch is unknown or the destination is unreachable.
    /// </returns>
    NetworkPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid);
}
