using System.Globalization;
using System.Text;
using SdnCtl.Control.Network;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// One segment with its membership resolved against the hosts and ports known now: the inputs
/// of its compilation, and (as <see cref="Fingerprint"/>) what decides whether it must be recompiled.
/// </summary>
internal sealed class SegmentPlan(TenantSpec tenant, SegmentSpec segment, uint number)
{
    public TenantSpec Tenant { get; } = tenant;

    public SegmentSpec Segment { get; } = segment;

    /// <summary>The segment's number in its rules' cookies.</summary>
    public uint Number { get; } = number;

    public string Key => TenantNetworking.SegmentKey(Tenant.Name, Segment.Name);

    /// <summary>The tenant's meter, through which member ingress is sent; 0 when the tenant has no rate limit.</summary>
    public uint MeterId { get; init; }

    /// <summary>Access ports of port members, resolved to datapath ids.</summary>
    public List<SwitchPort> AccessPorts { get; } = [];

    /// <summary>Known hosts classified into this segment, and by which rule.</summary>
    public List<(KnownHost Host, MemberKind Via)> Hosts { get; } = [];

    public List<Ipv4Prefix> Subnets { get; } = [];

    public string Fingerprint()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Segment.Kind}:{Segment.Id}:{Segment.Priority}:{Number}:m{MeterId}");
        foreach (SwitchPort p in AccessPorts.Order())
        {
            sb.Append(CultureInfo.InvariantCulture, $"|p{p}");
        }

        foreach (var (h, via) in Hosts.OrderBy(h => h.Host.Mac))
        {
            sb.Append(CultureInfo.InvariantCulture, $"|h{h.Mac:x}@{h.Attachment}/{h.Ipv4:x}/{via}{(h.Learned ? "" : "/declared")}");
        }

        foreach (Ipv4Prefix s in Subnets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"|s{s}");
        }

        return sb.ToString();
    }
}
