using SdnCtl.Control.Paths;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Paths;

public class HopCountPathServiceTests
{
    [Fact]
    public async Task ShortestPath_EqualCostChoices_TakesLowerDatapathFirstEveryTime()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square());

        NetworkPath path = lab.Controller.ShortestPath(1, 3)!;

        Assert.Equal([1UL, 2UL, 3UL], path.Switches);
        Assert.Equal([(lab.Port("s1", 2), lab.Port("s2", 3)), (lab.Port("s2", 2), lab.Port("s3", 3))], path.Links.Select(l => (l.Source, l.Destination)));
        Assert.Equal(path, HopCountPathService.Instance.ShortestPath(lab.Topology, 1, 3));
    }

    [Fact]
    public async Task ShortestPath_SameSwitch_IsEmpty()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square());

        NetworkPath path = lab.Controller.ShortestPath(2, 2)!;

        Assert.Empty(path.Links);
        Assert.Equal([2UL], path.Switches);
    }

    [Fact]
    public async Task ShortestPath_UnknownOrCutOff_IsNull()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        lab.Network.Cut(lab.Port("s2", 3));
        await lab.SettleAsync();

        Assert.Null(lab.Controller.ShortestPath(1, 3));
        Assert.Null(lab.Controller.ShortestPath(1, 42));
        Assert.NotNull(lab.Controller.ShortestPath(1, 2));
    }

    [Fact]
    public async Task ShortestPath_FatTreeAcrossPods_TakesFourHops()
    {
        TopologyDocument fatTree = TopologyGenerators.FatTree(4);
        await using Lab lab = await Lab.StartAsync(fatTree);

        NetworkPath path = lab.Controller.ShortestPath(lab.Dpid("e1_1"), lab.Dpid("e4_2"))!;

        Assert.Equal(4, path.HopCount);
        Assert.Equal(2, lab.Controller.ShortestPath(lab.Dpid("e1_1"), lab.Dpid("e1_2"))!.HopCount);
    }
}
