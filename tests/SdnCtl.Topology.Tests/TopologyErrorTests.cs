namespace SdnCtl.Topology.Tests;

public class TopologyErrorTests
{
    [Fact]
    public void ToString_WithPosition_IsFileLineColumnMessage()
    {
        var error = new TopologyError("file.yaml", 14, 5, "VLAN id 5000 is outside 1–4094");

        Assert.Equal("file.yaml:14:5: VLAN id 5000 is outside 1–4094", error.ToString());
    }

    [Fact]
    public void ToString_WithoutPosition_IsFileMessage()
    {
        Assert.Equal("net.yaml: cannot read", new TopologyError("net.yaml", 0, 0, "cannot read").ToString());
    }

    [Fact]
    public void TopologyException_OneError_UsesItAsTheMessage()
    {
        var error = new TopologyError("a.yaml", 1, 2, "bad");

        var ex = new TopologyException([error]);

        Assert.Equal("a.yaml:1:2: bad", ex.Message);
        Assert.Same(error, Assert.Single(ex.Errors));
    }

    [Fact]
    public void TopologyException_SeveralErrors_ListsThemAll()
    {
        var ex = new TopologyException([new TopologyError("a.yaml", 1, 2, "bad"), new TopologyError("a.yaml", 3, 4, "worse")]);

        Assert.Equal("2 errors in a.yaml:\na.yaml:1:2: bad\na.yaml:3:4: worse", ex.Message.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TopologyException_NoErrors_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopologyException([]));
    }
}
