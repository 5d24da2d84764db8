namespace SdnCtl.DataPlane.Network;

/// <summary>
/// What one end of a cable leads to: the node and port at the far end, and for switch-to-switch
/// links the link and the counters of this direction. Immutable after the network is built, so
/// transmit callbacks read it without locks.
/// </summary>
internal sealed class PortAttachment(NetworkNode peer, uint peerPort, SimulatedLink? link, LinkDirectionCounters? counters)
{
    public NetworkNode Peer { get; } = peer;

    public uint PeerPort { get; } = peerPort;

    public SimulatedLink? Link { get; } = link;

    public LinkDirectionCounters? Counters { get; } = counters;

    /// <summary>Where frames sent over this attachment are captured, or null; set and cleared by the capture API.</summary>
    public volatile Capture.PcapWriter? Tap;

    /// <summary>The far end as shown in traces: <c>s2:3</c> or <c>host h3</c>.</summary>
    public string Describe() => Peer switch
    {
        HostNode => $"host {Peer.Name}",
        ApplianceNode appliance => $"appliance {Peer.Name}:{appliance.Appliance.Interfaces[(int)PeerPort].Name}",
        _ => $"{Peer.Name}:{PeerPort}",
    };
}
