namespace SdnCtl.Control.Tenants;

/// <summary>
/// Cookies of the tenant application's rules: the application bits (top 16) as in
/// <see cref="Forwarding.FlowCookies"/>, then a per-segment number in the low 32 bits, so one
/// segment's rules are found, read back or deleted with a cookie mask; number 0 is the shared
/// trunk rules.
/// </summary>
public static class TenantCookies
{
    /// <summary>Application bits of every tenant rule.</summary>
    public const ulong Application = 0x5dc5_0000_0000_0000;

    /// <summary>The bits that name the segment.</summary>
    public const ulong SegmentMask = 0x0000_0000_ffff_ffff;

    /// <summary>The trunk rules shared by all segments.</summary>
    public const ulong Trunks = Application;

    /// <summary>The cookie of the rules of the segment numbered <paramref name="segmentNumber"/>.</summary>
    public static ulong Segment(uint segmentNumber) => Application | segmentNumber;

    /// <summary>True when <paramref name="cookie"/> belongs to the tenant application.</summary>
    public static bool IsTenantRule(ulong cookie) => (cookie & Forwarding.FlowCookies.ApplicationMask) == Application;
}
