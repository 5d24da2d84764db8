using Microsoft.Extensions.Logging;

namespace SdnCtl.DataPlane.Transport;

/// <summary>Source-generated log messages of the switch transport (event ids 2200–2299).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "dpid {Dpid:x16}: connected to controller {Endpoint}")]
    public static partial void Connected(ILogger logger, ulong dpid, string endpoint);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "dpid {Dpid:x16}: connection to {Endpoint} lost; reconnecting in {Delay}")]
    public static partial void Disconnected(ILogger logger, ulong dpid, string endpoint, TimeSpan delay);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "dpid {Dpid:x16}: connect to {Endpoint} failed ({Error}); retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, ulong dpid, string endpoint, string error, TimeSpan delay);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "dpid {Dpid:x16}: channel error")]
    public static partial void ChannelError(ILogger logger, ulong dpid, Exception exception);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "dpid {Dpid:x16}: TLS handshake with controller {Endpoint} failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, ulong dpid, string endpoint, string reason);
}
