using System.Globalization;

namespace SdnCtl.Control.Switches;

/// <summary>A token bucket's settings: a sustained rate and a burst. A rate of 0 means no limit.</summary>
/// <param name="PerSecond">Packet-ins per second let through on average; 0 = unlimited.</param>
/// <param name="Burst">Packet-ins let through at once after a quiet spell; at least 1 when limited.</param>
public sealed record PacketInRateLimit(double PerSecond, double Burst)
{
    /// <summary>No limit.</summary>
    public static PacketInRateLimit Unlimited { get; } = new(0, 0);

    public bool IsLimited => PerSecond > 0;

    /// <summary>Parses <c>RATE</c> or <c>RATE/BURST</c> (burst defaults to one second's worth); <c>0</c> is unlimited.</summary>
    public static bool TryParse(string text, out PacketInRateLimit limit)
    {
        limit = Unlimited;
        string[] parts = text.Split('/');
        if (parts.Length > 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || rate < 0 || !double.IsFinite(rate))
        {
            return false;
        }

        double burst = Math.Max(1, rate);
        if (parts.Length == 2 && (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out burst) || burst < 1 || !double.IsFinite(burst)))
        {
            return false;
        }

        limit = rate == 0 ? Unlimited : new PacketInRateLimit(rate, burst);
        return true;
    }
}
