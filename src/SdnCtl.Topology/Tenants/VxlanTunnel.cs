namespace SdnCtl.Topology.Tenants;

/// <summary>
/// One VXLAN tunnel port of a VTEP switch, fixed to one remote VTEP as an Open vSwitch port with
/// <c>type=vxlan options:remote_ip=…</c> is: output to it with tunnel_id set encapsulates toward
/// <see cref="Remote"/>, and frames from <see cref="Remote"/> enter the pipeline on it.
/// </summary>
/// <param name="Port">The tunnel port's OpenFlow number on <see cref="Local"/>.</param>
/// <param name="Name">The tunnel port's interface name.</param>
/// <param name="Local">The switch that has the port.</param>
/// <param name="Remote">The switch at the far end.</param>
public sealed record VxlanTunnel(uint Port, string Name, SwitchSpec Local, SwitchSpec Remote)
{
    /// <summary>The local VTEP's underlay address.</summary>
    public uint LocalAddress => Local.Vtep!.Address;

    /// <summary>The remote VTEP's underlay address.</summary>
    public uint RemoteAddress => Remote.Vtep!.Address;
}
