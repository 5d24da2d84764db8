using Microsoft.Extensions.Logging;

namespace SdnCtl.Cli.Hosting;

/// <summary>The controller host's log messages.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "No API key configured: the REST API at {Api} is open to anyone on this machine, so it listens on loopback only. Give --api-key to require keys.")]
    public static partial void OpenApi(this ILogger logger, Uri api);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "A stored appliance could not be restored and is left out: {Problem}")]
    public static partial void ApplianceNotRestored(this ILogger logger, string problem);
}
