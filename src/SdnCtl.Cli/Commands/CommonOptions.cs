using System.CommandLine;
using SdnCtl.Control.Switches;

namespace SdnCtl.Cli.Commands;

/// <summary>Options shared by the long-running commands.</summary>
internal static class CommonOptions
{
    public static Option<string> OpenFlow(string defaultValue) => new("--openflow")
    {
        Description = "OpenFlow listen address HOST:PORT",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string> Api() => new("--api")
    {
        Description = "REST API base URL",
        DefaultValueFactory = _ => "http://127.0.0.1:8080",
    };

    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = "Admin API key clients must send as 'Authorization: Bearer KEY' (default: $SDNCTL_API_KEY). Without one the API is open and loopback-only",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SDNCTL_API_KEY"),
    };

    public static Option<DirectoryInfo> Data() => new("--data")
    {
        Description = "Directory of the controller's stored state (static flows, API keys) in SQLite",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "sdnctl")),
    };

    public static Option<PacketInRateLimit> PacketInLimit(string name, string what) => new(name)
    {
        Description = $"Packet-ins allowed per {what} as RATE[/BURST] per second (token bucket); 0 = unlimited",
        DefaultValueFactory = _ => PacketInRateLimit.Unlimited,
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (PacketInRateLimit.TryParse(text, out var limit))
            {
                return limit;
            }

            r.AddError($"{name}: '{text}' is not RATE or RATE/BURST (numbers, burst at least 1)");
            return PacketInRateLimit.Unlimited;
        },
    };

    /// <summary>
    /// <c>--of-tls-cert</c>, <c>--of-tls-key</c>, <c>--of-tls-ca</c>: TLS on the OpenFlow channel (PEM files),
    /// like Open vSwitch's <c>ssl:</c>. <paramref name="side"/> says whose certificate it is.
    /// </summary>
    public static (Option<string?> Certificate, Option<string?> Key, Option<string?> Ca) OpenFlowTls(string side) => (
        new("--of-tls-cert") { Description = $"OpenFlow over TLS: the {side}'s certificate (PEM). Without the --of-tls-* options OpenFlow is plain TCP" },
        new("--of-tls-key") { Description = "OpenFlow over TLS: the private key of --of-tls-cert (PEM)" },
        new("--of-tls-ca") { Description = side == "controller"
            ? "OpenFlow over TLS: CA certificate(s) (PEM) switch certificates must chain to; when given, switches must present one (mutual TLS)"
            : "OpenFlow over TLS: CA certificate(s) (PEM) the controller's certificate must chain to" });

    /// <summary>The three TLS options as given.</summary>
    public static Hosting.OpenFlowTlsFiles TlsFiles(this ParseResult parse, (Option<string?> Certificate, Option<string?> Key, Option<string?> Ca) options) =>
        new(parse.GetValue(options.Certificate), parse.GetValue(options.Key), parse.GetValue(options.Ca));

    /// <summary><c>--stats-interval</c>: seconds (<c>5</c>, <c>2.5</c>, <c>5s</c>) or milliseconds (<c>500ms</c>); 0 turns polling off.</summary>
    public static Option<TimeSpan> StatsInterval() => new("--stats-interval")
    {
        Description = "How often switches are polled for port and flow statistics: seconds (5, 2.5, 5s) or 500ms; 0 = off",
        DefaultValueFactory = _ => new Control.Statistics.StatisticsOptions().Interval,
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value.Trim() : string.Empty;
            bool millis = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase);
            string number = millis ? text[..^2] : text.EndsWith('s') ? text[..^1] : text;
            if (double.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out double value)
                && value <= TimeSpan.FromDays(1).TotalSeconds)
            {
                var interval = millis ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);
                if (new Control.Statistics.StatisticsOptions { Interval = interval }.Validate() is [var problem, ..])
                {
                    r.AddError($"--stats-interval: {problem}");
                }

                return interval;
            }

            r.AddError($"--stats-interval: '{text}' is not a number of seconds (5, 2.5, 5s) or milliseconds (500ms)");
            return TimeSpan.Zero;
        },
    };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Debug logging" };
}
