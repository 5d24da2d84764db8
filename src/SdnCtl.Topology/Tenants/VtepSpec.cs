namespace SdnCtl.Topology.Tenants;

/// <summary>
/// A switch's VXLAN tunnel endpoint, the way a virtualisation server's Open vSwitch has one: its
/// underlay IPv4 address, and the port the encapsulated frames leave by (the server's NIC toward
/// the fabric). The switch gets one VXLAN tunnel port per other VTEP of the topology (see
/// <see cref="VxlanTunnels"/>).
/// </summary>
/// <param name="Address">The underlay IPv4 address, unique among the topology's VTEPs.</param>
/// <param name="Uplink">The switch port that carries the encapsulated frames.</param>
public sealed record VtepSpec(uint Address, uint Uplink);
