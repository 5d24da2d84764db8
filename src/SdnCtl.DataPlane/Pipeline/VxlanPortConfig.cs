namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// What makes a <see cref="SwitchPort"/> a VXLAN tunnel port, as in Open vSwitch's
/// <c>type=vxlan options:remote_ip=…</c>: output to it with tunnel_id set sends the frame
/// encapsulated to <see cref="RemoteAddress"/> out of <see cref="Uplink"/>, and VXLAN datagrams
/// from <see cref="RemoteAddress"/> to <see cref="LocalAddress"/> enter the pipeline on it.
/// </summary>
/// <param name="LocalAddress">This VTEP's underlay IPv4 address (outer source).</param>
/// <param name="RemoteAddress">The far VTEP's underlay IPv4 address (outer destination).</param>
/// <param name="Uplink">The physical port the outer frames leave by.</param>
/// <param name="LocalMac">Outer source MAC.</param>
/// <param name="RemoteMac">Outer destination MAC (the far VTEP's uplink; the underlay is one L2/L3 fabric routed by flow rules, so no next-hop ARP is modelled).</param>
public sealed record VxlanPortConfig(uint LocalAddress, uint RemoteAddress, uint Uplink, ulong LocalMac, ulong RemoteMac);
