using DotNetty.Common;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

/// <summary>The server turns DotNetty's sampled buffer leak tracking off unless its environment setting asks for it.</summary>
public sealed class LeakSamplingTests
{
    [Fact]
    public async Task StartAsync_NoLeakDetectionSetting_TurnsSamplingOff()
    {
        Assert.Null(Environment.GetEnvironmentVariable(OpenFlowServer.LeakDetectionVariable));

        await using var server = await TestServer.StartAsync();

        Assert.Equal(ResourceLeakDetector.DetectionLevel.Disabled, ResourceLeakDetector.Level);
    }
}
