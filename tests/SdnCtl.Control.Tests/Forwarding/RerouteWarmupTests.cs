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
}
