namespace SdnCtl.Topology.Tenants;

/// <summary>A tenant network: a VLAN or VXLAN segment, its subnet, default 802.1Q priority and members.</summary>
/// <param name="Name">The segment's name, unique within its tenant.</param>
/// <param name="Kind">VLAN or VXLAN.</param>
/// <param name="Id">The VLAN id (1–4094) or the VNI (1–16,777,215).</param>
/// <param name="Subnet">The segment's IPv4 subnet, or <see langword="null"/>.</param>
/// <param name="Priority">The 802.1Q PCP (0–7) put on the segment's frames at ingress.</param>
/// <param name="Members">The membership rules.</param>
public sealed record SegmentSpec(string Name, SegmentKind Kind, uint Id, Ipv4Prefix? Subnet, byte Priority, IReadOnlyList<MemberSpec> Members)
{
    /// <summary>"VLAN 10" or "VXLAN VNI 5001", for messages.</summary>
    public string Describe() => Kind == SegmentKind.Vlan ? $"VLAN {Id}" : $"VXLAN VNI {Id}";
}
