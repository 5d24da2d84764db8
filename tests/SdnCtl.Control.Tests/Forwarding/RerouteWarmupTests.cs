using SdnCtl.Control.Forwarding;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Paths;

namespace SdnCtl.Control.Tests.Forwarding;

public class RerouteWarmupTests
{
    public static TheoryData<string> Services => ["hops", "service"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Run_BuiltInPathServices_ReroutesEveryDestinationOnItsRing(string service)
    {
        IPathService paths = service == "hops" ? HopCountPathService.Instance : new PathServiceAdapter(new PathComputationService());

        int rerouted = RerouteWarmup.Run(new ControllerOptions(), paths);

        Assert.Equal(3, rerouted);
    }

    [Fact]
    public void Run_LeavesTheSharedPathServiceWithoutReservations()
    {
        var service = new PathComputationService();

        RerouteWarmup.Run(new ControllerOptions(), new PathServiceAdapter(service));

        Assert.Empty(service.Reservations);
    }

    [Fact]
    public void PortCause_NamesThePortAndReasonAsTheRerouteLogLineDoes()
    {
        var message = new SdnCtl.OpenFlow.Messages.PortStatus
        {
            Reason = SdnCtl.OpenFlow.Messages.PortReason.Modify,
            Port = new SdnCtl.OpenFlow.Messages.OfpPort { PortNo = 16 },
        };

        Assert.Equal("port 0000000000000001:16 Modify", RerouteWarmup.PortCause(1, message));
    }

    [Fact]
    public void Stranger_IsAConnectionNoControlPlaneKnows()
    {
        Assert.False(RerouteWarmup.Stranger.IsConnected);
        Assert.Equal(ulong.MaxValue, RerouteWarmup.Stranger.DatapathId);
        Assert.Equal(SdnCtl.OpenFlow.Messages.PortReason.Modify, RerouteWarmup.StrangerPortStatus.Reason);
    }
}
