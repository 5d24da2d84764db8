using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// Reserved bandwidth per directed link (keyed by the link's source port, so a reservation survives
/// new snapshots) and the reservations themselves.
/// </summary>
/// <remarks>
/// A store of its own behind one lock rather than state of the control loop: reserving is pure
/// bookkeeping that sends nothing to switches, the check ("is there a path with this much free?")
/// and the commit must be one atomic step against concurrent REST calls, and a lock held for one
/// path search is cheaper and simpler than a round trip through the loop's channel. Readers get the
/// per-edge array for a graph lock-free; it is rebuilt only after a change.
/// </remarks>
internal sealed class ReservationStore
{
    private readonly object _lock = new();
    private readonly SortedDictionary<long, BandwidthReservation> _byId = [];
    private readonly Dictionary<SwitchPort, double> _reserved = [];
    private long _nextId;
    private long _version;
    private ReservedView? _view;

    public object SyncRoot => _lock;

    public IReadOnlyList<BandwidthReservation> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _byId.Values];
            }
        }
    }

    /// <summary>True when nothing is reserved (active or failed): re-checks have nothing to look at.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count == 0;
            }
        }
    }

    /// <summary>Reserved Mbps per edge of <paramref name="graph"/>; shared, do not write.</summary>
    public double[] ReservedFor(CompactGraph graph)
    {
        ReservedView? view = Volatile.Read(ref _view);
        if (view is not null && ReferenceEquals(view.Graph, graph) && view.Version == Volatile.Read(ref _version))
        {
            return view.Reserved;
        }

        lock (_lock)
        {
            var reserved = new double[graph.EdgeCount];
            foreach ((SwitchPort port, double mbps) in _reserved)
            {
                int e = graph.EdgeFrom(port);
                if (e >= 0)
                {
                    reserved[e] = mbps;
                }
            }

            Volatile.Write(ref _view, new ReservedView(graph, _version, reserved));
            return reserved;
        }
    }

    public double ReservedOn(SwitchPort source)
    {
        lock (_lock)
        {
            return _reserved.GetValueOrDefault(source);
        }
    }

    /// <summary>Records a reservation; the caller holds <see cref="SyncRoot"/> and has checked the capacity.</summary>
    public BandwidthReservation Add(ulong source, ulong destination, double mbps, ComputedPath path, DateTimeOffset now)
    {
        var reservation = new BandwidthReservation(++_nextId, source, destination, mbps, path, now);
        _byId.Add(reservation.Id, reservation);
        foreach (LinkInfo link in path.Path.Links)
        {
            _reserved[link.Source] = _reserved.GetValueOrDefault(link.Source) + mbps;
        }

        Volatile.Write(ref _version, _version + 1);
        return reservation;
    }

    public bool Remove(long id)
    {
        lock (_lock)
        {
            if (!_byId.Remove(id, out BandwidthReservation? reservation))
            {
                return false;
            }

            if (reservation.Status == ReservationStatus.Active)
            {
                Unhold(reservation);
            }

            Volatile.Write(ref _version, _version + 1);
            return true;
        }
    }

    /// <summary>Active reservations whose path uses a link <paramref name="graph"/> no longer has; the caller holds <see cref="SyncRoot"/>.</summary>
    public List<BandwidthReservation> Broken(CompactGraph graph)
    {
        var broken = new List<BandwidthReservation>();
        foreach (BandwidthReservation r in _byId.Values)
        {
            if (r.Status != ReservationStatus.Active)
            {
                continue;
            }

            foreach (LinkInfo link in r.Path.Path.Links)
            {
                int e = graph.EdgeFrom(link.Source);
                if (e < 0 || graph.Links[e].Destination != link.Destination)
                {
                    broken.Add(r);
                    break;
                }
            }
        }

        return broken;
    }

    /// <summary>Failed reservations in id order; the caller holds <see cref="SyncRoot"/>.</summary>
    public List<BandwidthReservation> Failed() => [.. _byId.Values.Where(r => r.Status == ReservationStatus.Failed)];

    /// <summary>Stops holding an active reservation's bandwidth (before looking for its new path); the caller holds <see cref="SyncRoot"/>.</summary>
    public void Suspend(BandwidthReservation reservation)
    {
        Unhold(reservation);
        Volatile.Write(ref _version, _version + 1);
    }

    /// <summary>Records a suspended reservation's new state, holding its rate on its path if it is active; the caller holds <see cref="SyncRoot"/>.</summary>
    public void Resume(BandwidthReservation reservation)
    {
        _byId[reservation.Id] = reservation;
        if (reservation.Status == ReservationStatus.Active)
        {
            foreach (LinkInfo link in reservation.Path.Path.Links)
            {
                _reserved[link.Source] = _reserved.GetValueOrDefault(link.Source) + reservation.BandwidthMbps;
            }
        }

        Volatile.Write(ref _version, _version + 1);
    }

    private void Unhold(BandwidthReservation reservation)
    {
        foreach (LinkInfo link in reservation.Path.Path.Links)
        {
            double left = _reserved.GetValueOrDefault(link.Source) - reservation.BandwidthMbps;
            // Sums of doubles drift; anything this small is what is left of released reservations.
            if (left <= 1e-9)
            {
                _reserved.Remove(link.Source);
            }
            else
            {
                _reserved[link.Source] = left;
            }
        }
    }

    private sealed record ReservedView(CompactGraph Graph, long Version, double[] Reserved);
}
