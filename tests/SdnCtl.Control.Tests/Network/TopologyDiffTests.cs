using SdnCtl.Control.Network;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Network;

public class TopologyDiffTests
{
    [Fact]
    public async Task Compare_DeclaredCableNotPresent_ListsItAsMissingLink()
    {
        TopologyDocument declared = TopologyGenerators.Linear(3);
        await using Lab lab = await Lab.StartAsync(declared, declare: true, connect: false);
        lab.Network.Cut(lab.Port("s2", 3), reportPortStatus: false);
        lab.Network.ConnectAll();
        await lab.RunDiscoveryRoundsAsync(1);

        TopologyDiff diff = lab.Controller.CompareWithDeclared()!;

        LinkSpec missing = Assert.Single(diff.MissingLinks);
        Assert.Equal((new PortRef("s2", 3), new PortRef("s3", 2)), (missing.A, missing.B));
        Assert.Empty(diff.UnexpectedLinks);
        Assert.Empty(diff.MissingSwitches);
        Assert.Empty(diff.UnknownSwitches);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public async Task Compare_UndeclaredCable_ListsBothDirectionsAsUnexpected()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.LinearWithSparePorts(), declare: true, connect: false);
        lab.Network.Wire(lab.Port("s1", 4), lab.Port("s3", 4));
        lab.Network.ConnectAll();
        await lab.RunDiscoveryRoundsAsync(1);

        TopologyDiff diff = lab.Topology.Compare(lab.Document);

        Assert.Equal(
            [(lab.Port("s1", 4), lab.Port("s3", 4)), (lab.Port("s3", 4), lab.Port("s1", 4))],
            diff.UnexpectedLinks.Select(l => (l.Source, l.Destination)));
        Assert.Empty(diff.MissingLinks);
    }

    [Fact]
    public async Task Compare_SwitchesDifferFromDocument_ListsMissingAndUnknown()
    {
        TopologyDocument declared = TopologyGenerators.Linear(3);
        await using Lab lab = await Lab.StartAsync(declared, connect: false);
        lab.Controller.SwitchConnected(lab.Switch("s1"));
        lab.Controller.SwitchConnected(lab.Switch("s2"));
        await lab.RunDiscoveryRoundsAsync(1);
        TopologyDocument other = TopologyGenerators.Linear(2) with { Switches = [TopologyGenerators.Linear(2).Switches[1]] };

        TopologyDiff againstLinear3 = lab.Topology.Compare(declared);
        TopologyDiff againstOther = lab.Topology.Compare(other);

        Assert.Equal(["s3"], againstLinear3.MissingSwitches.Select(s => s.Name));
        Assert.Single(againstLinear3.MissingLinks);
        Assert.Equal([1UL], againstOther.UnknownSwitches.ToArray());
    }

    [Fact]
    public async Task DiscoveredLink_DeclaredWithBandwidthAndLatency_CarriesThem()
    {
        TopologyDocument plain = TopologyGenerators.Linear(2);
        TopologyDocument declared = plain with { Links = [plain.Links[0] with { BandwidthMbps = 100, LatencyMs = 5 }] };
        await using Lab lab = await Lab.StartAsync(declared, declare: true);

        Assert.All(lab.Topology.Links, l => Assert.Equal((100.0, 5.0), (l.BandwidthMbps!.Value, l.LatencyMs!.Value)));
        Assert.Equal("s1", lab.Topology.FindSwitch(1)!.Name);
    }

    [Fact]
    public async Task SetDeclaredTopologyAsync_AfterDiscovery_NamesSwitchesAndEnablesDiff()
    {
        await using Lab lab = await Lab.StartAsync(TopologyGenerators.Linear(3));
        Assert.Null(lab.Controller.CompareWithDeclared());
        Assert.All(lab.Topology.Switches, s => Assert.Null(s.Name));
        long before = lab.Topology.Version;

        await lab.Controller.SetDeclaredTopologyAsync(lab.Document);

        Assert.Equal(["s1", "s2", "s3"], lab.Topology.Switches.Select(s => s.Name));
        Assert.True(lab.Controller.CompareWithDeclared()!.IsEmpty);
        Assert.True(lab.Topology.Version > before);
        Assert.Same(lab.Document, lab.Controller.Declared);
    }
}
