using SdnCtl.Topology.Values;

namespace SdnCtl.Topology.Tests.Values;

public class Ipv4TextTests
{
    [Theory]
    [InlineData("10.0.0.1", 0x0A000001u, 8)]
    [InlineData("192.168.1.10/24", 0xC0A8010Au, 24)]
    [InlineData("10.0.0.0/31", 0x0A000000u, 31)]
    [InlineData("10.0.0.255/32", 0x0A0000FFu, 32)]
    [InlineData("10.0.1.0", 0x0A000100u, 8)]
    public void TryParseHostAddress_HostAddresses_AreAccepted(string text, uint address, int prefixLength)
    {
        Assert.True(Ipv4Text.TryParseHostAddress(text, out uint parsed, out int prefix, out string? problem), problem);
        Assert.Equal((address, prefixLength), (parsed, prefix));
    }

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.1.")]
    [InlineData("10..0.1")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.0.1/0")]
    [InlineData("10.0.0.1/+8")]
    [InlineData(" 10.0.0.1")]
    [InlineData("10.0.0.1/8/8")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    public void TryParseHostAddress_NonHostAddresses_AreRejected(string text)
    {
        Assert.False(Ipv4Text.TryParseHostAddress(text, out _, out _, out string? problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
