namespace SdnCtl.DataPlane.Hosts;

/// <summary>Outcome of a TCP connection attempt or a UDP exchange by a <see cref="SimulatedHost"/>.</summary>
public enum ConnectStatus
{
    /// <summary>TCP: the SYN was answered with SYN-ACK. UDP: the datagram came back.</summary>
    Connected,

    /// <summary>TCP: the SYN was answered with RST (nothing listens there, or a firewall rejected it).</summary>
    Refused,

    /// <summary>Nothing came back in time (ARP unanswered, dropped on the way, or no route back).</summary>
    NoAnswer,
}
