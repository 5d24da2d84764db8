using SdnCtl.Topology.Values;

namespace SdnCtl.Topology.Tests.Values;

public class DatapathIdTextTests
{
    [Theory]
    [InlineData("1", 1UL)]
    [InlineData("+42", 42UL)]
    [InlineData("0x00000000000000ff", 255UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("00:00:00:00:00:00:00:01", 1UL)]
    [InlineData("FF:FF:FF:FF:FF:FF:FF:FF", ulong.MaxValue)]
    public void TryParse_ValidForms_ReturnTheId(string text, ulong expected)
    {
        Assert.True(DatapathIdText.TryParse(text, out ulong dpid, out _));
        Assert.Equal(expected, dpid);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00:00:00:00:00:00:00:00")]
    [InlineData("-0x1")]
    [InlineData("1.5")]
    [InlineData("0x")]
    [InlineData("00:00:00:00:00:00:00:0g")]
    [InlineData("00:00:00:00:00:00:00:001")]
    public void TryParse_InvalidForms_ReturnFalse(string text)
    {
        Assert.False(DatapathIdText.TryParse(text, out _, out string? problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Format_Id_IsEightColonSeparatedOctets()
    {
        Assert.Equal("00:00:00:00:00:00:01:2c", DatapathIdText.Format(300));
        Assert.Equal("ff:ff:ff:ff:ff:ff:ff:ff", DatapathIdText.Format(ulong.MaxValue));
    }
}
