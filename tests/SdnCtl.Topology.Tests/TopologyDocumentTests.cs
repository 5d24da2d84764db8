namespace SdnCtl.Topology.Tests;

public class TopologyDocumentTests
{
    [Fact]
    public void FindSwitch_ByNameAndDatapathId_FindsIt()
    {
        TopologyDocument document = TopologyGenerators.FatTree(4);

        Assert.Equal("a2_1", document.FindSwitch("a2_1")!.Name);
        Assert.Equal("a2_1", document.FindSwitch(document.FindSwitch("a2_1")!.DatapathId)!.Name);
        Assert.Null(document.FindSwitch("nope"));
        Assert.Null(document.FindSwitch(0UL));
        Assert.Null(document.FindSwitch("A2_1"));
    }

    [Fact]
    public void FindHost_ByName_FindsIt()
    {
        TopologyDocument document = TopologyGenerators.Linear(3);

        Assert.Equal(new PortRef("s3", 1), document.FindHost("h3")!.Attachment);
        Assert.Null(document.FindHost("s3"));
    }

    [Fact]
    public void FindSwitch_AfterWithReplacingSwitches_UsesTheNewList()
    {
        TopologyDocument original = TopologyGenerators.Linear(2);
        Assert.NotNull(original.FindSwitch("s1"));

        TopologyDocument renamed = original with { Switches = [new SwitchSpec("x1", 9, [new PortSpec(1, "x1-eth1")])] };

        Assert.Null(renamed.FindSwitch("s1"));
        Assert.Equal("x1", renamed.FindSwitch(9UL)!.Name);
        Assert.NotNull(original.FindSwitch("s1"));
    }

    [Fact]
    public void FindPort_ContiguousAndSparsePorts_FindsByNumber()
    {
        var contiguous = new SwitchSpec("s1", 1, [new PortSpec(1, "a"), new PortSpec(2, "b")]);
        var sparse = new SwitchSpec("s2", 2, [new PortSpec(3, "c"), new PortSpec(10, "d"), new PortSpec(48, "e")]);

        Assert.Equal("b", contiguous.FindPort(2)!.Name);
        Assert.Null(contiguous.FindPort(3));
        Assert.Equal("d", sparse.FindPort(10)!.Name);
        Assert.Equal("e", sparse.FindPort(48)!.Name);
        Assert.Null(sparse.FindPort(1));
        Assert.Null(sparse.FindPort(0));
    }

    [Fact]
    public void DefaultName_SwitchAndNumber_IsMininetStyle()
    {
        Assert.Equal("s1-eth2", PortSpec.DefaultName("s1", 2));
    }
}
