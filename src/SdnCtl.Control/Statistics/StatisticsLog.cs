using Microsoft.Extensions.Logging;

namespace SdnCtl.Control.Statistics;

/// <summary>The statistics collector's log messages; event ids are stable, 1170–1179.</summary>
internal static partial class StatisticsLog
{
    [LoggerMessage(1170, LogLevel.Information, "Statistics polling every {Interval}")]
    public static partial void Started(ILogger logger, TimeSpan interval);

    [LoggerMessage(1171, LogLevel.Debug, "Statistics poll of switch {Dpid:x16} skipped: its previous poll is still running")]
    public static partial void Skipped(ILogger logger, ulong dpid);

    [LoggerMessage(1172, LogLevel.Warning, "Statistics poll of switch {Dpid:x16} failed: {Reason}")]
    public static partial void PollFailed(ILogger logger, ulong dpid, string reason);

    [LoggerMessage(1173, LogLevel.Error, "Statistics round failed")]
    public static partial void RoundFailed(ILogger logger, Exception exception);
}
