using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class ReservationRetryTests
{
    [Fact]
    public async Task FailedReservation_GrantedAgainWhenItsLinkReturns()
    {
        var computation = new PathComputationService();
        await using Lab lab = Lab.Create(TopologyGenerators.Linear(3), pathService: new PathServiceAdapter(computation));
        await lab.StartAndDiscoverAsync();
        BandwidthReservation reservation = computation.Reserve(lab.Topology, lab.Dpid("s1"), lab.Dpid("s3"), 100).Reservation!;

        lab.Network.Cut(lab.Port("s2", 3));
        await lab.SettleAsync();
        Assert.Equal(ReservationStatus.Failed, Assert.Single(computation.Reservations).Status);
        Assert.Equal(0, computation.ReservedMbps(lab.Port("s1", 2)));

        lab.Network.Wire(lab.Port("s2", 3), lab.Port("s3", 2));
        lab.Network.ReportPort(lab.Port("s2", 3), up: true);
        lab.Network.ReportPort(lab.Port("s3", 2), up: true);
        await lab.RunDiscoveryRoundsAsync(2);

        BandwidthReservation back = Assert.Single(computation.Reservations);
        Assert.Equal((reservation.Id, ReservationStatus.Active), (back.Id, back.Status));
        Assert.Null(back.Detail);
        Assert.Equal(100, computation.ReservedMbps(lab.Port("s1", 2)));
        Assert.Equal(100, computation.ReservedMbps(lab.Port("s2", 3)));
    }

    [Fact]
    public void ReservePath_HoldsExactlyThatPath_RefusesWhenALinkLacksTheRate()
    {
        var computation = new PathComputationService();
        var topology = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));
        ComputedPath path = computation.ShortestPath(topology, 1, 3)!;

        ReservationResult first = computation.ReservePath(topology, path, 600);
        ReservationResult second = computation.ReservePath(topology, path, 600);

        Assert.NotNull(first.Reservation);
        Assert.Equal(path.Path, first.Reservation!.Path.Path);
        Assert.Null(second.Reservation);
        Assert.Equal(PathConstraint.MinBandwidth, second.Failed);
        Assert.Contains("400 Mbit/s free", second.Detail, StringComparison.Ordinal);
    }
}
