using System.Globalization;

namespace SdnCtl.Topology.Tenants;

/// <summary>
/// A cap on a tenant's traffic: the controller installs an OpenFlow meter (one drop band) on each
/// switch where the tenant has members and sends the tenant's ingress through it, so that each
/// switch admits at most <see cref="RateMbps"/> from the tenant's members there.
/// </summary>
/// <param name="RateMbps">Megabits per second, 1–<see cref="MaxRateMbps"/>.</param>
/// <param name="BurstKbits">Burst size in kilobits (0–<see cref="MaxBurstKbits"/>); 0 leaves it to the switch.</param>
public sealed record TenantRateLimit(uint RateMbps, uint BurstKbits = 0)
{
    /// <summary>Largest rate: its kbit/s must fit the 32-bit rate of an OpenFlow meter band.</summary>
    public const uint MaxRateMbps = 4_000_000;

    /// <summary>Largest burst (32-bit field of an OpenFlow meter band, in kbit).</summary>
    public const uint MaxBurstKbits = 4_000_000_000;

    /// <summary>The meter band rate in kbit/s.</summary>
    public uint RateKbps => RateMbps * 1000;

    /// <summary>Why <paramref name="rateMbps"/> and <paramref name="burstKbits"/> cannot be a rate limit, or <see langword="null"/>.</summary>
    public static string? Check(long rateMbps, long burstKbits)
    {
        if (rateMbps is < 1 or > MaxRateMbps)
        {
            return string.Create(CultureInfo.InvariantCulture, $"rateLimitMbps {rateMbps} is outside 1–{MaxRateMbps}");
        }

        return burstKbits is < 0 or > MaxBurstKbits
            ? string.Create(CultureInfo.InvariantCulture, $"burstKbits {burstKbits} is outside 0–{MaxBurstKbits}")
            : null;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        BurstKbits == 0 ? $"{RateMbps} Mbit/s" : $"{RateMbps} Mbit/s, burst {BurstKbits} kbit";
}
