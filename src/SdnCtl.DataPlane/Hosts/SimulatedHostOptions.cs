using System.Net;

namespace SdnCtl.DataPlane.Hosts;

/// <summary>Behaviour of a <see cref="SimulatedHost"/>.</summary>
public sealed class SimulatedHostOptions
{
    /// <summary>
    /// Whether <see cref="SimulatedHost.Start"/> announces the host with a gratuitous ARP, so that a
    /// controller can learn where it is before it sends anything. Default true.
    /// </summary>
    public bool GratuitousArpOnStart { get; init; } = true;

    /// <summary>TCP ports answered with SYN-ACK; a SYN to any other port gets a RST.</summary>
    public IReadOnlyCollection<ushort> ListeningTcpPorts { get; init; } = [];

    /// <summary>
    /// Whether UDP datagrams addressed to the host are sent back to their sender (same payload,
    /// ports swapped). Datagrams arriving on a port the host itself sent from are treated as replies
    /// to its own traffic and not echoed, so two hosts never echo each other forever. Default true.
    /// </summary>
    public bool EchoUdp { get; init; } = true;

    /// <summary>How long to wait for an ARP reply before asking again. Default 1 s, as Linux.</summary>
    public TimeSpan ArpRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a connection attempt waits for an answer before it sends its SYN (or UDP datagram)
    /// again; the wait doubles after each try, as TCP's retransmission timer does (RFC 6298: 1 s
    /// first). A first packet lost on its way (while a reactive controller is still setting up the
    /// path) then costs a second, not the connection.
    /// </summary>
    public TimeSpan ConnectRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Next hop for destinations outside the host's subnet (a router appliance). When null the host
    /// ARPs for every destination directly, which works on one flat segment.
    /// </summary>
    public IPAddress? Gateway { get; init; }
}
