using SdnCtl.Control.Forwarding;

namespace SdnCtl.Api.Flows;

/// <summary>
/// Static flows (installed through the flows API) carry 0x5dc4 in the application bits of their cookie
/// (see <see cref="FlowCookies"/>), so that reconciliation can tell them from the controller's own rules
/// and read or delete exactly them with a cookie mask. The low 48 bits are the caller's.
/// </summary>
internal static class StaticFlowCookies
{
    public const ulong Application = 0x5dc4_0000_0000_0000;

    /// <summary>True when <paramref name="cookie"/> is a static flow's.</summary>
    public static bool IsStatic(ulong cookie) => (cookie & FlowCookies.ApplicationMask) == Application;

    public static bool TryMark(ulong cookie, out ulong marked)
    {
        ulong app = cookie & FlowCookies.ApplicationMask;
        marked = cookie | Application;
        return app is 0 or Application;
    }
}
