using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SdnCtl.Topology.Values;

/// <summary>Parses link bandwidths and latencies, with or without units.</summary>
internal static class Quantities
{
    // Scales are powers of ten, applied by multiplying or dividing by an exact power so that
    // "100us" is exactly the double 0.1 (multiplying by 1e-3 would not be).
    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];

    private static readonly Dictionary<string, int> BandwidthUnitsInMbps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bps"] = -6,
        ["kbps"] = -3,
        ["mbps"] = 0,
        ["gbps"] = 3,
        ["tbps"] = 6,
    };

    private static readonly Dictionary<string, int> LatencyUnitsInMs = new(StringComparer.Ordinal)
    {
        ["ns"] = -6,
        ["us"] = -3,
        ["µs"] = -3,
        ["ms"] = 0,
        ["s"] = 3,
    };

    /// <summary>A plain number is Mbps; a string may carry bps, Kbps, Mbps, Gbps or Tbps (any case). The result is greater than 0.</summary>
    public static bool TryParseBandwidthMbps(string text, out double mbps, [NotNullWhen(false)] out string? problem)
    {
        if (!TryParse(text, BandwidthUnitsInMbps, out mbps, out string? unit))
        {
            problem = unit is null
                ? $"'{text}' is not a bandwidth: write a number of Mbps or a number with a unit, like 1000, 100Mbps or 10Gbps"
                : $"'{text}' has an unknown bandwidth unit '{unit}': use bps, Kbps, Mbps, Gbps or Tbps (a plain number is Mbps)";
            return false;
        }

        if (mbps <= 0)
        {
            problem = $"bandwidth {text} is not allowed: a link's bandwidth must be greater than 0";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>A plain number is milliseconds; a string may carry ns, us (or µs), ms or s. The result is 0 or more.</summary>
    public static bool TryParseLatencyMs(string text, out double ms, [NotNullWhen(false)] out string? problem)
    {
        if (!TryParse(text, LatencyUnitsInMs, out ms, out string? unit))
        {
            problem = unit is null
                ? $"'{text}' is not a latency: write a number of milliseconds or a number with a unit, like 0.5, 500us or 2ms"
                : $"'{text}' has an unknown latency unit '{unit}': use ns, us, ms or s (a plain number is ms)";
            return false;
        }

        if (ms < 0)
        {
            problem = $"latency {text} is not allowed: a link's latency must not be negative";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>
    /// Splits "number unit" and scales the number to the base unit (the unit of a plain number).
    /// On failure, <c>unit</c> is the unknown unit when the number parsed but the unit did not.
    /// </summary>
    private static bool TryParse(string text, Dictionary<string, int> units, out double value, out string? unit)
    {
        unit = null;
        string trimmed = text.Trim();
        if (TryParseNumber(trimmed, out value))
        {
            return true;
        }

        int unitStart = trimmed.Length;
        while (unitStart > 0 && (char.IsLetter(trimmed[unitStart - 1]) || trimmed[unitStart - 1] == 'µ'))
        {
            unitStart--;
        }

        string unitText = trimmed[unitStart..];
        if (unitText.Length == 0 || unitStart == 0 || !TryParseNumber(trimmed[..unitStart].TrimEnd(), out double number))
        {
            return false;
        }

        if (!units.TryGetValue(unitText, out int exponent))
        {
            unit = unitText;
            return false;
        }

        double power = PowersOfTen[Math.Abs(exponent)];
        value = exponent >= 0 ? number * power : number / power;
        return double.IsFinite(value);
    }

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);
}
