using Microsoft.Extensions.Logging;

namespace SdnCtl.Cli.Hosting;

/// <summary>Console logging for the long-running commands.</summary>
internal static class Logging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(b =>
    {
        b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        b.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        b.AddFilter("Microsoft", LogLevel.Warning);
        b.AddFilter("DotNetty", LogLevel.Warning);
    });
}
