using SdnCtl.DataPlane.Hosts;

namespace SdnCtl.DataPlane.Network;

/// <summary>A host in the network: its mailbox feeds the host, and its frames go up its cable to the switch port.</summary>
internal sealed class HostNode : NetworkNode, IHostTransmitter
{
    private PortAttachment? _uplink;

    public HostNode(SimulatedNetwork network, SimulatedHost host)
        : base(network, host.Name)
    {
        Host = host;
        host.Transmitter = this;
    }

    public SimulatedHost Host { get; }

    /// <summary>The switch port the host is cabled to.</summary>
    public PortAttachment Uplink
    {
        get => _uplink ?? throw new InvalidOperationException($"host {Name} is not cabled");
        set => _uplink = value;
    }

    /// <summary>Frames a host originates start with no switch crossed.</summary>
    public void Transmit(SimulatedHost source, ReadOnlySpan<byte> frame) => Network.Send(Uplink, frame, hops: 0);

    protected override void Deliver(uint port, ReadOnlySpan<byte> frame, int hops) => Host.Receive(frame);
}
