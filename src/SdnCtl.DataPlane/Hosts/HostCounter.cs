namespace SdnCtl.DataPlane.Hosts;

/// <summary>The counters a <see cref="SimulatedHost"/> keeps (see <see cref="HostCounters"/>).</summary>
public enum HostCounter
{
    /// <summary>Frames delivered to the host, whoever they were addressed to.</summary>
    FramesReceived,

    /// <summary>Bytes of <see cref="FramesReceived"/>.</summary>
    BytesReceived,

    /// <summary>Frames the host put on its cable.</summary>
    FramesSent,

    /// <summary>Bytes of <see cref="FramesSent"/>.</summary>
    BytesSent,

    /// <summary>Frames received with the broadcast destination ff:ff:ff:ff:ff:ff.</summary>
    BroadcastFramesReceived,

    /// <summary>Frames received with a multicast (group, not broadcast) destination.</summary>
    MulticastFramesReceived,

    /// <summary>Unicast frames for another MAC, or IPv4 packets for another address, that the host ignored.</summary>
    FramesNotForHost,

    /// <summary>Frames too short or malformed to be handled.</summary>
    MalformedFramesReceived,

    /// <summary>ARP requests seen (any target).</summary>
    ArpRequestsReceived,

    /// <summary>ARP replies seen.</summary>
    ArpRepliesReceived,

    /// <summary>ARP requests the host sent to resolve an address.</summary>
    ArpRequestsSent,

    /// <summary>ARP replies the host sent for its own address.</summary>
    ArpRepliesSent,

    /// <summary>Gratuitous ARP announcements sent.</summary>
    GratuitousArpsSent,

    /// <summary>ICMP echo requests addressed to the host.</summary>
    IcmpEchoRequestsReceived,

    /// <summary>ICMP echo replies addressed to the host.</summary>
    IcmpEchoRepliesReceived,

    /// <summary>ICMP echo requests sent.</summary>
    IcmpEchoRequestsSent,

    /// <summary>ICMP echo replies sent.</summary>
    IcmpEchoRepliesSent,

    /// <summary>TCP SYNs (without ACK) addressed to the host.</summary>
    TcpSynReceived,

    /// <summary>TCP SYN-ACKs received (answers to SYNs the host sent).</summary>
    TcpSynAckReceived,

    /// <summary>TCP segments other than SYN received on a listening port (handshake ACKs, data).</summary>
    TcpSegmentsAccepted,

    /// <summary>TCP SYN-ACKs sent from a listening port.</summary>
    TcpSynAckSent,

    /// <summary>TCP RSTs received.</summary>
    TcpRstReceived,

    /// <summary>TCP RSTs sent (segments for a closed port).</summary>
    TcpRstSent,

    /// <summary>UDP datagrams addressed to the host.</summary>
    UdpReceived,

    /// <summary>UDP datagrams sent back to their sender.</summary>
    UdpEchoed,
}
