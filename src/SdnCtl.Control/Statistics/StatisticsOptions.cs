using System.Globalization;

namespace SdnCtl.Control.Statistics;

/// <summary>Settings of the <see cref="StatisticsCollector"/>.</summary>
public sealed class StatisticsOptions
{
    /// <summary>How often every connected switch is polled; <see cref="TimeSpan.Zero"/> turns periodic polling off. Default 5 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one switch may take to answer a round's requests before that poll counts as failed. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks every setting.</summary>
    /// <returns>One message per bad value, naming it; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Interval < TimeSpan.Zero || (Interval > TimeSpan.Zero && Interval < TimeSpan.FromMilliseconds(100)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"stats interval {Interval} must be 0 (off) or at least 100 ms"));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"stats request timeout {RequestTimeout} must be positive"));
        }

        return problems;
    }
}
