namespace SdnCtl.Topology.Tests;

public class PortRefTests
{
    [Fact]
    public void ToString_SwitchAndPort_IsColonSeparated()
    {
        Assert.Equal("s1:2", new PortRef("s1", 2).ToString());
    }

    [Theory]
    [InlineData("s1:2", "s1", 2u)]
    [InlineData("leaf-1.rack_3:48", "leaf-1.rack_3", 48u)]
    [InlineData("7:4294967040", "7", 4294967040u)]
    public void TryParse_WellFormed_ReturnsSwitchAndPort(string text, string expectedSwitch, uint expectedPort)
    {
        Assert.True(PortRef.TryParse(text, out PortRef port));
        Assert.Equal(new PortRef(expectedSwitch, expectedPort), port);
        Assert.Equal(text, port.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s1")]
    [InlineData(":2")]
    [InlineData("s1:")]
    [InlineData("s1:0")]
    [InlineData("s1:4294967041")]
    [InlineData("s1:99999999999999999999999")]
    [InlineData("s1:+2")]
    [InlineData("s1: 2")]
    [InlineData("s1:0x2")]
    [InlineData("s 1:2")]
    [InlineData("a:b:2")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(PortRef.TryParse(text, out PortRef port));
        Assert.Equal(default, port);
    }
}
