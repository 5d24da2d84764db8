using Microsoft.Extensions.Logging;

namespace SdnCtl.DataPlane.Switch;

/// <summary>Source-generated log messages of the simulated switch (event ids 2100–2199).</summary>
internal static partial class SwitchLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "dpid {Dpid:x16}: controller session {Session} attached")]
    public static partial void SessionAttached(ILogger logger, ulong dpid, int session);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "dpid {Dpid:x16}: HELLO failed: {Reason}")]
    public static partial void HelloFailed(ILogger logger, ulong dpid, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "dpid {Dpid:x16}: answering {Type} xid={Xid} with error {Error}")]
    public static partial void RequestRefused(ILogger logger, ulong dpid, string type, uint xid, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "dpid {Dpid:x16}: malformed message: {Error}")]
    public static partial void Malformed(ILogger logger, ulong dpid, string error);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "dpid {Dpid:x16}: unexpected failure in the switch executor")]
    public static partial void ExecutorFailure(ILogger logger, ulong dpid, Exception exception);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "dpid {Dpid:x16}: controller sent error {Type}/{Code} for xid={Xid}")]
    public static partial void ControllerError(ILogger logger, ulong dpid, string type, ushort code, uint xid);
}
