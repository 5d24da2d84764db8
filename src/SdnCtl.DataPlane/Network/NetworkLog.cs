using Microsoft.Extensions.Logging;

namespace SdnCtl.DataPlane.Network;

/// <summary>Source-generated log messages of the simulated network (event ids 2300–2349).</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Error, Message = "delivery to {Node} failed")]
    public static partial void DeliveryFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "link {Link} is now {State}")]
    public static partial void LinkStateChanged(ILogger logger, string link, string state);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "simulated network {Name}: {Connected} of {Switches} switches connected to controller {Controller}")]
    public static partial void Started(ILogger logger, string name, int connected, int switches, string controller);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "simulated network {Name} disconnected from its controller")]
    public static partial void Stopped(ILogger logger, string name);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "simulated network {Name}: {Count} frames in flight, dropping (a broadcast storm?)")]
    public static partial void Overflow(ILogger logger, string name, int count);
}
