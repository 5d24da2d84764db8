using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class ReservationTests
{
    [Fact]
    public void Reserve_UntilFull_MovesToTheOtherWayThenFailsNamingBandwidth()
    {
        // Square ring, 1000 Mbit/s links: s1→s3 has two 2-hop ways.
        var snapshot = RandomNetworks.FromDocument(Fakes.TestTopologies.Square());
        var service = new PathComputationService();

        ReservationResult first = service.Reserve(snapshot, 1, 3, 600);
        ReservationResult second = service.Reserve(snapshot, 1, 3, 600);
        ReservationResult third = service.Reserve(snapshot, 1, 3, 600);

        Assert.NotNull(first.Reservation);
        Assert.NotNull(second.Reservation);
        Assert.Empty(first.Reservation.Path.Path.Links.Intersect(second.Reservation.Path.Path.Links));
        Assert.Null(third.Reservation);
        Assert.Equal(PathConstraint.MinBandwidth, third.Failed);
        Assert.Equal(600, service.ReservedMbps(first.Reservation.Path.Path.Links[0].Source));
        Assert.Equal(2, service.Reservations.Count);
    }

    [Fact]
    public void FindPaths_AfterReserve_SeesRemainingCapacityAndReleaseFreesIt()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));
        var service = new PathComputationService();
        var need = new PathConstraints(MinFreeBandwidthMbps: 500);

        BandwidthReservation r = service.Reserve(snapshot, 1, 3, 700).Reservation!;

        Assert.Equal(PathConstraint.MinBandwidth, service.FindPaths(snapshot, 1, 3, PathMetric.Hops, 1, need).Failed);
        Assert.Equal(300, service.ShortestPath(snapshot, 1, 3)!.FreeBandwidthMbps, 9);
        Assert.True(service.FindPaths(snapshot, 1, 3, PathMetric.Hops, 1, new PathConstraints(MinFreeBandwidthMbps: 300)).Found);

        Assert.True(service.Release(r.Id));
        Assert.False(service.Release(r.Id));
        Assert.True(service.FindPaths(snapshot, 1, 3, PathMetric.Hops, 1, need).Found);
        Assert.Empty(service.Reservations);
        Assert.Equal(0, service.ReservedMbps(r.Path.Path.Links[0].Source));
    }

    [Fact]
    public void Reserve_ConcurrentRequests_NeverOverbookALink()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));
        var service = new PathComputationService();

        var results = new ReservationResult[40];
        Parallel.For(0, results.Length, i => results[i] = service.Reserve(snapshot, 1, 3, 100));

        Assert.Equal(10, results.Count(r => r.Reservation is not null));
        Assert.All(snapshot.Links, l => Assert.True(service.ReservedMbps(l.Source) <= 1000 + 1e-9));
    }

    [Fact]
    public void Reserve_NonPositiveRate_Throws()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(2));

        Assert.Throws<ArgumentOutOfRangeException>(() => new PathComputationService().Reserve(snapshot, 1, 2, 0));
    }

    [Fact]
    public void RecheckReservations_LinkOfItsPathLost_MovesItAndItsBandwidth()
    {
        var snapshot = RandomNetworks.FromDocument(Fakes.TestTopologies.Square());
        var service = new PathComputationService();
        BandwidthReservation r = service.Reserve(snapshot, 1, 3, 600).Reservation!;
        LinkInfo first = r.Path.Path.Links[0];
        TopologySnapshot cut = RandomNetworks.Without(snapshot, l => l.Source == first.Source || l.Destination == first.Source);

        int affected = service.RecheckReservations(cut);

        Assert.Equal(1, affected);
        BandwidthReservation moved = Assert.Single(service.Reservations);
        Assert.Equal(ReservationStatus.Active, moved.Status);
        Assert.Equal(1, moved.Reroutes);
        Assert.NotNull(moved.ChangedAt);
        Assert.DoesNotContain(moved.Path.Path.Links, l => l.Source == first.Source);
        Assert.Equal(0, service.ReservedMbps(first.Source));
        Assert.All(moved.Path.Path.Links, l => Assert.Equal(600, service.ReservedMbps(l.Source)));
    }

    [Fact]
    public void RecheckReservations_NoOtherPathHasTheRate_MarksItFailedHoldingNothing()
    {
        // Two 600 Mbit/s reservations take both ways round the square; losing one way leaves 400 free.
        var snapshot = RandomNetworks.FromDocument(Fakes.TestTopologies.Square());
        var service = new PathComputationService();
        BandwidthReservation a = service.Reserve(snapshot, 1, 3, 600).Reservation!;
        BandwidthReservation b = service.Reserve(snapshot, 1, 3, 600).Reservation!;
        LinkInfo lost = a.Path.Path.Links[0];
        TopologySnapshot cut = RandomNetworks.Without(snapshot, l => l.Source == lost.Source || l.Destination == lost.Source);

        Assert.Equal(1, service.RecheckReservations(cut));

        BandwidthReservation failed = service.Reservations.Single(r => r.Id == a.Id);
        Assert.Equal(ReservationStatus.Failed, failed.Status);
        Assert.Contains("Mbit/s", failed.Detail, StringComparison.Ordinal);
        Assert.All(a.Path.Path.Links, l => Assert.Equal(0, service.ReservedMbps(l.Source)));
        Assert.Equal(b, service.Reservations.Single(r => r.Id == b.Id));
        Assert.All(b.Path.Path.Links, l => Assert.Equal(600, service.ReservedMbps(l.Source)));

        // A failed reservation is still deleted the usual way, and frees nothing twice.
        Assert.True(service.Release(a.Id));
        Assert.All(b.Path.Path.Links, l => Assert.Equal(600, service.ReservedMbps(l.Source)));
    }

    [Fact]
    public void RecheckReservations_LinkOffItsPath_LeavesItAlone()
    {
        var snapshot = RandomNetworks.FromDocument(TopologyGenerators.FatTree(4));
        var service = new PathComputationService();
        BandwidthReservation r = service.Reserve(snapshot, snapshot.Switches[0].DatapathId, snapshot.Switches[^1].DatapathId, 100).Reservation!;
        var used = r.Path.Path.Links.Select(l => l.Source).ToHashSet();
        LinkInfo elsewhere = snapshot.Links.First(l => !used.Contains(l.Source) && !used.Contains(l.Destination));

        Assert.Equal(0, service.RecheckReservations(RandomNetworks.Without(snapshot, l => l == elsewhere)));
        Assert.Equal(r, Assert.Single(service.Reservations));
    }
}
