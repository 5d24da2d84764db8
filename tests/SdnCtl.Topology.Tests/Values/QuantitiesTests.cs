using SdnCtl.Topology.Values;

namespace SdnCtl.Topology.Tests.Values;

public class QuantitiesTests
{
    [Theory]
    [InlineData("1000", 1000)]
    [InlineData("  40 Gbps ", 40_000)]
    [InlineData("1bps", 0.000001)]
    [InlineData("100kbps", 0.1)]
    [InlineData("1.5GBPS", 1500)]
    public void TryParseBandwidthMbps_ValidText_ReturnsMbps(string text, double expected)
    {
        Assert.True(Quantities.TryParseBandwidthMbps(text, out double mbps, out _));
        Assert.Equal(expected, mbps, 12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Gbps")]
    [InlineData("1e400")]
    [InlineData("Infinity")]
    [InlineData("1 2 Mbps")]
    public void TryParseBandwidthMbps_NotAQuantity_ReturnsFalse(string text)
    {
        Assert.False(Quantities.TryParseBandwidthMbps(text, out _, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void TryParseLatencyMs_Microseconds_AreExactlyTheDecimalValue()
    {
        Assert.True(Quantities.TryParseLatencyMs("100us", out double ms, out _));
        Assert.Equal(0.1, ms);
    }

    [Fact]
    public void TryParseLatencyMs_UnitsAreCaseSensitive_SoMsIsNotMegaseconds()
    {
        Assert.False(Quantities.TryParseLatencyMs("5MS", out _, out string? problem));
        Assert.Contains("unknown latency unit 'MS'", problem, StringComparison.Ordinal);
    }
}
