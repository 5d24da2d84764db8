using SdnCtl.Control.Events;
using SdnCtl.Control.Network;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;

namespace SdnCtl.Api.Events;

/// <summary>
/// Which tenant an event belongs to, for the event stream's tenant filter: a port event belongs to
/// the tenants with that port as a member, a host event to the tenants with the host's MAC or port
/// as a member. Switch, link and reroute events concern the shared network and belong to no tenant,
/// so a tenant key never sees them.
/// </summary>
internal static class EventTenants
{
    public static bool Concerns(NetworkEvent e, TenantSpec tenant, TopologyDocument? declared) => e switch
    {
        PortUpEvent up => HasPort(tenant, up.Port, declared),
        PortDownEvent down => HasPort(tenant, down.Port, declared),
        HostLearnedEvent learned => HasMac(tenant, learned.Host.Mac) || HasPort(tenant, learned.Host.Attachment, declared),
        HostMovedEvent moved => HasMac(tenant, moved.Mac) || HasPort(tenant, moved.From, declared) || HasPort(tenant, moved.To, declared),
        HostRemovedEvent removed => HasMac(tenant, removed.Mac) || HasPort(tenant, removed.LastAttachment, declared),
        _ => false,
    };

    private static bool HasMac(TenantSpec tenant, ulong mac) =>
        tenant.Segments.Any(s => s.Members.Any(m => m.Kind == MemberKind.Mac && m.Mac == mac));

    private static bool HasPort(TenantSpec tenant, SwitchPort port, TopologyDocument? declared) =>
        tenant.Segments.Any(s => s.Members.Any(m => m.Kind == MemberKind.Port && m.Port.Port == port.PortNo && Dpid(m.Port.Switch, declared) == port.DatapathId));

    private static ulong? Dpid(string name, TopologyDocument? declared) =>
        declared?.FindSwitch(name)?.DatapathId ?? (DatapathIdText.TryParse(name, out ulong dpid, out _) ? dpid : null);
}
