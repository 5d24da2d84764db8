namespace SdnCtl.Topology.Tests;

public class MacFormatTests
{
    [Theory]
    [InlineData(1UL, "00:00:00:00:00:01")]
    [InlineData(0x001B213A4C5DUL, "00:1b:21:3a:4c:5d")]
    [InlineData(0xFFFFFFFFFFFFUL, "ff:ff:ff:ff:ff:ff")]
    [InlineData(0UL, "00:00:00:00:00:00")]
    public void Format_Mac_IsSixLowerCaseOctets(ulong mac, string expected)
    {
        Assert.Equal(expected, MacFormat.Format(mac));
    }

    [Fact]
    public void Format_MoreThan48Bits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MacFormat.Format(1UL << 48));
    }

    [Theory]
    [InlineData("00:00:00:00:00:01", 1UL)]
    [InlineData("00:1B:21:3a:4c:5D", 0x001B213A4C5DUL)]
    [InlineData("00-1b-21-3a-4c-5d", 0x001B213A4C5DUL)]
    public void TryParse_WellFormed_ReturnsTheValue(string text, ulong expected)
    {
        Assert.True(MacFormat.TryParse(text, out ulong mac));
        Assert.Equal(expected, mac);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00:00:00:00:01")]
    [InlineData("00:00:00:00:00:001")]
    [InlineData("00:00-00:00:00:01")]
    [InlineData("00.00.00.00.00.01")]
    [InlineData("0g:00:00:00:00:01")]
    [InlineData("000000000001")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(MacFormat.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_FormattedValue_RoundTrips()
    {
        foreach (ulong mac in new ulong[] { 1, 0x0A0B0C0D0E0F, 0xFEDCBA987654, 0xFFFFFFFFFFFF })
        {
            Assert.True(MacFormat.TryParse(MacFormat.Format(mac), out ulong parsed));
            Assert.Equal(mac, parsed);
        }
    }
}
