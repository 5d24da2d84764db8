using System.Net;
using System.Net.Sockets;
using SdnCtl.Api.Flows;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tenants;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Values;

namespace SdnCtl.Api.Intents;

/// <summary>
/// What a tenant key may ask for in an intent: only traffic between its own tenant's members. A host
/// endpoint must be a host the controller knows that is a member of one of the tenant's segments (by
/// access port, MAC or subnet); a <c>switch:port</c> endpoint must be one of the tenant's access ports.
/// Anything else is refused as if the endpoint did not exist, so a tenant learns nothing of the others.
/// </summary>
internal static class TenantIntentScope
{
    /// <summary>Why <paramref name="spec"/> leaves tenant <paramref name="tenant"/>'s members, as a field error, or <see langword="null"/>.</summary>
    public static FieldError? Check(IntentSpec spec, string tenant, ITenantService tenants, TopologySnapshot topology)
    {
        TenantSpec? own = tenants.Tenants.FirstOrDefault(t => string.Equals(t.Name, tenant, StringComparison.Ordinal));
        foreach ((string endpoint, string field) in new[] { (spec.Source, "src"), (spec.Destination, "dst") })
        {
            bool member = own is not null && (spec.Kind == IntentKind.HostToHost
                ? FindHost(topology, endpoint) is { } host && IsMember(own, host, topology)
                : PortRef.TryParse(endpoint, out PortRef port) && own.Segments.Any(s => s.Members.Any(m => m.Kind == MemberKind.Port && m.Port == port)));
            if (!member)
            {
                return new FieldError(field, $"'{endpoint}' is not a member of tenant '{tenant}'");
            }
        }

        return null;
    }

    private static HostInfo? FindHost(TopologySnapshot topology, string endpoint)
    {
        if (MacFormat.TryParse(endpoint, out ulong mac))
        {
            return topology.FindHost(mac);
        }

        if (IPAddress.TryParse(endpoint, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetwork)
        {
            return topology.Hosts.FirstOrDefault(h => h.Ipv4Addresses.Contains(ip));
        }

        return topology.Hosts.FirstOrDefault(h => string.Equals(h.Name, endpoint, StringComparison.Ordinal));
    }

    private static bool IsMember(TenantSpec tenant, HostInfo host, TopologySnapshot topology) =>
        tenant.Segments.Any(s => s.Members.Any(m => m.Kind switch
        {
            MemberKind.Mac => m.Mac == host.Mac,
            MemberKind.Subnet => host.Ipv4Addresses.Any(m.Subnet.Contains),
            MemberKind.Port => m.Port.Port == host.Attachment.PortNo && NamesSwitch(m.Port.Switch, host.Attachment.DatapathId, topology),
            _ => false,
        }));

    private static bool NamesSwitch(string text, ulong dpid, TopologySnapshot topology) =>
        string.Equals(topology.FindSwitch(dpid)?.Name, text, StringComparison.Ordinal)
        || (DatapathIdText.TryParse(text, out ulong parsed, out _) && parsed == dpid);
}
