using System.Net;
using Microsoft.Extensions.Logging;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.Southbound;

/// <summary>
/// Every log line of the southbound. Event ids 3000–3099 belong to this project and never change
/// meaning, so that alerts and dashboards can key on them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "OpenFlow listener bound to {EndPoint}")]
    public static partial void Listening(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "OpenFlow listener stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Switch connection accepted from {Remote}")]
    public static partial void Accepted(this ILogger logger, string remote);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Switch {DatapathId:x16} at {Remote} connected: {PortCount} ports, {TableCount} tables, '{Manufacturer}' '{Software}'")]
    public static partial void Connected(this ILogger logger, ulong datapathId, string remote, int portCount, int tableCount, string manufacturer, string software);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Switch {DatapathId:x16} at {Remote} disconnected: {Reason}")]
    public static partial void Disconnected(this ILogger logger, ulong datapathId, string remote, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Switch at {Remote} offers no OpenFlow version in common (its hello: version 0x{Version:x2}); closing")]
    public static partial void VersionMismatch(this ILogger logger, string remote, byte version);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Handshake with {Remote} failed; closing")]
    public static partial void HandshakeFailed(this ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 3007, Message = "Malformed {Type} from {Remote} ({ErrorType}/{Code}): {Reason}")]
    public static partial void Malformed(this ILogger logger, LogLevel level, string remote, OfpType type, OfpErrorType errorType, ushort code, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Framing error from {Remote}: header announces {Length} bytes (minimum 8); closing")]
    public static partial void FramingError(this ILogger logger, string remote, int length);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Switch {DatapathId:x16} at {Remote} silent for {Timeout}; closing")]
    public static partial void EchoTimeout(this ILogger logger, ulong datapathId, string remote, TimeSpan timeout);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Ignoring {Type} xid={Xid} from {Remote} before the handshake completed")]
    public static partial void IgnoredBeforeHandshake(this ILogger logger, string remote, OfpType type, uint xid);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Switch {DatapathId:x16} reconnected from {Remote}; replacing its session from {OldRemote}")]
    public static partial void Replaced(this ILogger logger, ulong datapathId, string remote, string oldRemote);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Transport error on the connection to {Remote}; closing")]
    public static partial void TransportError(this ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "The switch event sink threw from {Callback}; the session carries on")]
    public static partial void SinkFailed(this ILogger logger, string callback, Exception exception);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug, Message = "Unsolicited {Type} xid={Xid} from {Remote}")]
    public static partial void Unsolicited(this ILogger logger, string remote, OfpType type, uint xid);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Switch at {Remote} sent {ErrorType}/{Code} xid={Xid} during the handshake")]
    public static partial void ErrorDuringHandshake(this ILogger logger, string remote, OfpErrorType errorType, ushort code, uint xid);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "Switch {DatapathId:x16} at {Remote} opened auxiliary connection {AuxiliaryId}, which is not supported; closing it")]
    public static partial void AuxiliaryRefused(this ILogger logger, ulong datapathId, string remote, byte auxiliaryId);

    [LoggerMessage(EventId = 3017, Message = "Refused {Type} xid={Xid} from {Remote}: the controller does not accept it")]
    public static partial void RefusedType(this ILogger logger, LogLevel level, string remote, OfpType type, uint xid);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Error, Message = "Could not encode {Type} xid={Xid} for {Remote}; dropped")]
    public static partial void EncodeFailed(this ILogger logger, string remote, OfpType type, uint xid, Exception exception);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Warning, Message = "Handshake with {Remote} timed out after {Timeout}; closing")]
    public static partial void HandshakeTimeout(this ILogger logger, string remote, TimeSpan timeout);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Shutdown: {Step} did not finish within {Timeout}; carrying on")]
    public static partial void ShutdownStepTimedOut(this ILogger logger, string step, TimeSpan timeout);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "OpenFlow listener uses TLS; client certificates required: {ClientCertificates}")]
    public static partial void TlsEnabled(this ILogger logger, bool clientCertificates);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "TLS handshake with {Remote} failed: {Reason}; closing")]
    public static partial void TlsHandshakeFailed(this ILogger logger, string remote, string reason);
}
