using SdnCtl.Api.Chains;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;

namespace SdnCtl.Api.Events;

/// <summary>
/// Which tenant an event belongs to, for the event stream's tenant filter: a port event belongs to
/// the tenants with that port as a member, a host event to the tenants with the host's MAC or port
/// as a member. Switch, link and reroute events concern the shared network and belong to no tenant,
/// so a tenant key never sees them. A <c>flow_removed</c> belongs to the tenant that owns the rule:
/// an intent's or a chain's by its cookie (see <see cref="OwnerOfCookie"/>),
/// a tenant rule's by its match (an in_port or MAC of the tenant's members); static flows are the admin's.
/// </summary>
internal static class EventTenants
{
    public static bool Concerns(NetworkEvent e, TenantSpec tenant, TopologyDocument? declared, Func<ulong, string?>? ownerOfCookie = null) => e switch
    {
        FlowRemovedEvent removed => FlowConcerns(removed, tenant, declared, ownerOfCookie),
        PortUpEvent up => HasPort(tenant, up.Port, declared),
        PortDownEvent down => HasPort(tenant, down.Port, declared),
        HostLearnedEvent learned => HasMac(tenant, learned.Host.Mac) || HasPort(tenant, learned.Host.Attachment, declared),
        HostMovedEvent moved => HasMac(tenant, moved.Mac) || HasPort(tenant, moved.From, declared) || HasPort(tenant, moved.To, declared),
        HostRemovedEvent removed => HasMac(tenant, removed.Mac) || HasPort(tenant, removed.LastAttachment, declared),
        _ => false,
    };

    private static bool FlowConcerns(FlowRemovedEvent removed, TenantSpec tenant, TopologyDocument? declared, Func<ulong, string?>? ownerOfCookie)
    {
        if (ownerOfCookie?.Invoke(removed.Cookie) is { } owner)
        {
            return owner == tenant.Name;
        }

        if (!TenantCookies.IsTenantRule(removed.Cookie))
        {
            return false;
        }

        // A segment's rules match its members: the access port frames come in by, or a member MAC.
        foreach (OxmEntry entry in removed.Match)
        {
            bool member = entry.Field switch
            {
                OxmFieldId.InPort => HasPort(tenant, new SwitchPort(removed.DatapathId, (uint)entry.Value), declared),
                OxmFieldId.EthSrc or OxmFieldId.EthDst when !entry.HasMask => HasMac(tenant, (ulong)entry.Value),
                _ => false,
            };
            if (member)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The tenant owning the intent or chain whose rule has <paramref name="cookie"/>, or <see langword="null"/> (not one of theirs, or admin-owned).</summary>
    public static string? OwnerOfCookie(ulong cookie, IIntentService? intents, IChainService? chains, ChainOwnership owners)
    {
        if (IntentCookies.IsIntentRule(cookie))
        {
            return intents?.Find((long)(cookie & IntentCookies.IntentMask))?.Spec.Tenant;
        }

        if ((cookie & FlowCookies.ApplicationMask) == ChainCookies.Application)
        {
            long id = (long)(cookie & ChainCookies.ChainMask);
            return chains?.Chains.FirstOrDefault(c => c.Id == id) is { } chain ? owners.OwnerOf(chain.Spec.Name) : null;
        }

        return null;
    }

    private static bool HasMac(TenantSpec tenant, ulong mac) =>
        tenant.Segments.Any(s => s.Members.Any(m => m.Kind == MemberKind.Mac && m.Mac == mac));

    private static bool HasPort(TenantSpec tenant, SwitchPort port, TopologyDocument? declared) =>
        tenant.Segments.Any(s => s.Members.Any(m => m.Kind == MemberKind.Port && m.Port.Port == port.PortNo && Dpid(m.Port.Switch, declared) == port.DatapathId));

    private static ulong? Dpid(string name, TopologyDocument? declared) =>
        declared?.FindSwitch(name)?.DatapathId ?? (DatapathIdText.TryParse(name, out ulong dpid, out _) ? dpid : null);
}
