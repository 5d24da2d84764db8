using SdnCtl.Control.Chains;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Reconciliation;

/// <summary>
/// The rules and groups the control plane reconciles on (re)connect: tenant, intent and chain rules
/// (by their cookies' application bits) and intent groups (by their id range). Static flows are
/// reconciled by the API with the same diff; reactive forwarding, discovery and the table-miss rule
/// are simply re-sent, as they carry no counters anyone reads.
/// </summary>
internal static class ReconciledRules
{
    /// <summary>The application bits of the reconciled rules, one flow-stats read each.</summary>
    public static ReadOnlySpan<ulong> Applications => [TenantCookies.Application, IntentCookies.Application, ChainCookies.Application];

    /// <summary>True for a FLOW_MOD or GROUP_MOD that reconciliation takes care of, and so is held back while a switch is being read.</summary>
    public static bool Owns(OfpMessage message) => message switch
    {
        FlowMod f => IsReconciledCookie(f.Cookie),
        GroupMod g => IntentCookies.IsIntentGroup(g.GroupId),
        _ => false,
    };

    private static bool IsReconciledCookie(ulong cookie)
    {
        ulong app = cookie & FlowCookies.ApplicationMask;
        return app is TenantCookies.Application or IntentCookies.Application or ChainCookies.Application;
    }
}
