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
}
