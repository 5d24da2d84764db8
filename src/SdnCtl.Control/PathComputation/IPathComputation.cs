using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Path computation over topology snapshots: shortest, k shortest loopless, equal-cost sets,
/// constrained and link-disjoint paths, and bandwidth reservations that later queries respect.
/// </summary>
/// <remarks>
/// Thread-safe: queries run concurrently on immutable snapshots; reservations are a store of their
/// own with atomic check-and-reserve. Answers are deterministic for a given snapshot and set of
/// reservations. Unknown switches give a failed result (or <see langword="null"/>), never an exception.
/// </remarks>
public interface IPathComputation
{
    /// <summary>
    /// Resolves an endpoint written as a host name, a MAC (<c>00:00:00:00:00:01</c>), a switch name,
    /// or a datapath id (16 hex digits, <c>0x…</c>, colon form, decimal).
    /// </summary>
    /// <returns>False when nothing in the snapshot matches.</returns>
    bool TryResolveEndpoint(TopologySnapshot topology, string text, out PathEndpoint endpoint);

    /// <summary>The minimum-cost path, ignoring reservations. Allocates only the result after warm-up.</summary>
    /// <returns>The path, or <see langword="null"/> when a switch is unknown or unreachable.</returns>
    ComputedPath? ShortestPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric = PathMetric.Hops);

    /// <summary>
    /// Up to <paramref name="k"/> loopless paths that meet <paramref name="constraints"/>, cheapest
    /// first (Yen). With k = 1 this is the constrained shortest path.
    /// </summary>
    PathQueryResult FindPaths(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, int k = 1, PathConstraints? constraints = null);

    /// <summary>
    /// All minimum-cost paths that meet <paramref name="constraints"/>, enumerated up to
    /// <paramref name="maxPaths"/>. With hop, latency or waypoint limits the set is the qualifying
    /// paths of the least qualifying cost, and its count is of the paths enumerated.
    /// </summary>
    /// <returns>The set, or <see langword="null"/> when no path qualifies (ask <see cref="FindPaths"/> which constraint failed).</returns>
    EqualCostPathSet? EqualCostPaths(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, int maxPaths = 64, PathConstraints? constraints = null);

    /// <summary>
    /// One of the equal-cost paths chosen by a flow hash: the same hash always gets the same path,
    /// and hashes spread uniformly over the set. Allocates only the result after warm-up.
    /// </summary>
    ComputedPath? SelectEqualCostPath(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, ulong flowHash);

    /// <summary>
    /// Two link-disjoint paths of least total cost, each meeting <paramref name="constraints"/>, for
    /// primary/backup protection: Suurballe when only links are filtered, an exact enumeration of
    /// qualifying paths otherwise.
    /// </summary>
    /// <returns>The pair, or a failure naming <see cref="PathConstraint.Disjoint"/> (or the constraint that failed) when none exists.</returns>
    (DisjointPathPair? Pair, PathConstraint Failed, string? Detail) DisjointPair(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, PathMetric metric, PathConstraints? constraints = null);

    /// <summary>Finds the cheapest path with <paramref name="bandwidthMbps"/> free on every link and holds that rate on it.</summary>
    ReservationResult Reserve(TopologySnapshot topology, ulong sourceDpid, ulong destinationDpid, double bandwidthMbps, PathMetric metric = PathMetric.Hops);

    /// <summary>Releases a reservation's bandwidth.</summary>
    /// <returns>False when no reservation has that id.</returns>
    bool Release(long reservationId);

    /// <summary>
    /// Re-checks active reservations against <paramref name="topology"/>: each whose path lost a
    /// link or switch releases its hold and gets the cheapest path with its rate free (its bandwidth
    /// moves there), or is marked <see cref="ReservationStatus.Failed"/> holding nothing. The control
    /// plane calls this after every topology change that removes links.
    /// </summary>
    /// <returns>How many reservations were affected (moved or failed).</returns>
    int RecheckReservations(TopologySnapshot topology);

    /// <summary>
    /// Holds <paramref name="bandwidthMbps"/> on every link of a path chosen elsewhere (an intent's
    /// constrained or protected path), checking and committing atomically against other reservations.
    /// </summary>
    /// <returns>The reservation, or a failure naming <see cref="PathConstraint.MinBandwidth"/> (a link lacks the free capacity) or <see cref="PathConstraint.Reachability"/> (a link is gone).</returns>
    ReservationResult ReservePath(TopologySnapshot topology, ComputedPath path, double bandwidthMbps);

    /// <summary>
    /// Tries again every <see cref="ReservationStatus.Failed"/> reservation: each that now finds a
    /// path with its rate free holds it again and is active. The control plane calls this after every
    /// topology change that adds links or switches.
    /// </summary>
    /// <returns>How many reservations became active again.</returns>
    int RetryFailedReservations(TopologySnapshot topology);

    /// <summary>The current reservations, by id.</summary>
    IReadOnlyList<BandwidthReservation> Reservations { get; }

    /// <summary>The bandwidth currently reserved on the directed link leaving <paramref name="source"/>.</summary>
    double ReservedMbps(SwitchPort source);
}
