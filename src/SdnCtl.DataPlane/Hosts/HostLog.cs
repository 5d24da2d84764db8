using Microsoft.Extensions.Logging;

namespace SdnCtl.DataPlane.Hosts;

/// <summary>Source-generated log messages of simulated hosts (event ids 2350–2399).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 2350, Level = LogLevel.Error, Message = "host {Host}: unexpected failure in the host executor")]
    public static partial void ExecutorFailure(ILogger logger, string host, Exception exception);

    [LoggerMessage(EventId = 2351, Level = LogLevel.Debug, Message = "host {Host}: ARP for {Address} got no reply")]
    public static partial void ArpFailed(ILogger logger, string host, string address);
}
