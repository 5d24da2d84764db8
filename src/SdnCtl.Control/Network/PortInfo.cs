namespace SdnCtl.Control.Network;

/// <summary>A switch port as the switch last reported it (PORT_DESC at the handshake, then PORT_STATUS).</summary>
/// <param name="Number">The OpenFlow port number.</param>
/// <param name="Name">The interface name the switch reports.</param>
/// <param name="HwAddr">The port's MAC address (48 bits).</param>
/// <param name="IsUp">True when the port is neither administratively down nor without link.</param>
/// <param name="IsEdge">True when no discovered link starts or ends here: hosts live behind edge ports, and floods go out of them.</param>
/// <param name="CurrentSpeedKbps">The port's current bit rate as reported, in kbit/s (0 when unknown).</param>
public sealed record PortInfo(uint Number, string Name, ulong HwAddr, bool IsUp, bool IsEdge, uint CurrentSpeedKbps);
