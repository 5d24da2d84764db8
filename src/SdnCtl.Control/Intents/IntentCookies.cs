namespace SdnCtl.Control.Intents;

/// <summary>
/// Cookies and group ids of intent rules: the application bits (top 16) as in
/// <see cref="Forwarding.FlowCookies"/>, then the intent id in the low 32 bits, so one intent's
/// rules are found, read back or deleted with a cookie mask.
/// </summary>
public static class IntentCookies
{
    /// <summary>Application bits of every intent rule.</summary>
    public const ulong Application = 0x5dc7_0000_0000_0000;

    /// <summary>The bits that name the intent.</summary>
    public const ulong IntentMask = 0x0000_0000_ffff_ffff;

    /// <summary>
    /// The first group id intents use on a switch; they count up from here, so groups that
    /// operators add through the flows API with small ids never collide with them.
    /// </summary>
    public const uint FirstGroupId = 0x5dc7_0001;

    /// <summary>The last group id intents may use: their range is <see cref="FirstGroupId"/>–0x5dc7ffff.</summary>
    public const uint LastGroupId = 0x5dc7_ffff;

    /// <summary>True when <paramref name="groupId"/> is in the intents' range (a stray there is ours to delete).</summary>
    public static bool IsIntentGroup(uint groupId) => groupId is >= FirstGroupId and <= LastGroupId;

    /// <summary>The cookie of intent <paramref name="intentId"/>'s rules.</summary>
    public static ulong Of(long intentId) => Application | ((ulong)intentId & IntentMask);

    /// <summary>True when <paramref name="cookie"/> is an intent rule's.</summary>
    public static bool IsIntentRule(ulong cookie) => (cookie & Forwarding.FlowCookies.ApplicationMask) == Application;
}
