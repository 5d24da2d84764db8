namespace SdnCtl.Southbound.Tests;

public sealed class SouthboundOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var options = new SouthboundOptions();

        options.Validate();

        Assert.Equal(6653, options.Port);
        Assert.Equal(3, options.IdlePeriodsUntilDead);
    }

    [Theory]
    [InlineData(nameof(SouthboundOptions.Port))]
    [InlineData(nameof(SouthboundOptions.EchoTimeout))]
    [InlineData(nameof(SouthboundOptions.WriteBufferHighWaterMark))]
    [InlineData(nameof(SouthboundOptions.MaxPendingRequests))]
    public void Validate_BadValue_ThrowsNamingIt(string name)
    {
        var options = new SouthboundOptions();
        switch (name)
        {
            case nameof(SouthboundOptions.Port): options.Port = 70000; break;
            case nameof(SouthboundOptions.EchoTimeout): options.EchoTimeout = TimeSpan.FromSeconds(1); break;
            case nameof(SouthboundOptions.WriteBufferHighWaterMark): options.WriteBufferHighWaterMark = 1; break;
            case nameof(SouthboundOptions.MaxPendingRequests): options.MaxPendingRequests = 0; break;
        }

        var e = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void IdlePeriodsUntilDead_TimeoutNotAMultiple_RoundsUp()
    {
        var options = new SouthboundOptions { EchoInterval = TimeSpan.FromSeconds(4), EchoTimeout = TimeSpan.FromSeconds(9) };

        Assert.Equal(3, options.IdlePeriodsUntilDead);
    }
}
