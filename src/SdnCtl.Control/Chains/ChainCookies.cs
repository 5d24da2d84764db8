namespace SdnCtl.Control.Chains;

/// <summary>
/// Cookies of service chain rules: application bits 0x5dc8 (after intents' 0x5dc7), then the
/// chain's number in the low 32 bits, so one chain's rules are found with a cookie mask.
/// </summary>
public static class ChainCookies
{
    /// <summary>Application bits of every chain rule.</summary>
    public const ulong Application = 0x5dc8_0000_0000_0000;

    /// <summary>The bits that name the chain.</summary>
    public const ulong ChainMask = 0x0000_0000_ffff_ffff;

    /// <summary>The cookie of chain <paramref name="chainId"/>'s rules.</summary>
    public static ulong Of(long chainId) => Application | ((ulong)chainId & ChainMask);
}
