using SdnCtl.DataPlane.Switch;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// A switch in the network: receives frames from its mailbox, and as the switch's
/// <see cref="IFrameTransmitter"/> sends what it outputs to whatever is attached to the port.
/// </summary>
internal sealed class SwitchNode : NetworkNode, IFrameTransmitter
{
    private readonly Dictionary<uint, PortAttachment> _ports = [];
    private int _lastIngressHops;

    public SwitchNode(SimulatedNetwork network, SwitchSpec spec, SimulatedSwitch sw)
        : base(network, spec.Name)
    {
        Spec = spec;
        Switch = sw;
        sw.FrameTransmitter = this;
    }

    public SwitchSpec Spec { get; }

    public SimulatedSwitch Switch { get; }

    /// <summary>Cables a port; only while the network is being built.</summary>
    public void Attach(uint port, PortAttachment attachment)
    {
        if (!_ports.TryAdd(port, attachment))
        {
            throw new ArgumentException($"port {Name}:{port} is cabled twice (to {_ports[port].Describe()} and to {attachment.Describe()})");
        }
    }

    public bool TryGetAttachment(uint port, out PortAttachment attachment) => _ports.TryGetValue(port, out attachment!);

    /// <summary>Called by the switch, on its executor, for every frame it outputs.</summary>
    public void Transmit(SimulatedSwitch source, uint port, ReadOnlySpan<byte> frame)
    {
        // Outside one of our deliveries (a controller's PACKET_OUT, or a frame the switch had queued
        // because another thread held it) the exact hop count is unknown; the last delivery's is the
        // best estimate, and keeps a loop's frames counting up rather than starting over.
        int hops = (IsDeliveringTo(this, out int h) ? h : Volatile.Read(ref _lastIngressHops)) + 1;
        if (Network.Probes.IsActive)
        {
            Network.Probes.OnSwitchEgress(this, port, frame);
        }

        if (_ports.TryGetValue(port, out var attachment))
        {
            Network.Send(attachment, frame, hops);
        }
        else
        {
            Network.Counters.Unattached();
        }
    }

    protected override void Deliver(uint port, ReadOnlySpan<byte> frame, int hops)
    {
        Volatile.Write(ref _lastIngressHops, hops);
        if (Network.Probes.IsActive)
        {
            Network.Probes.OnSwitchIngress(this, port, frame);
        }

        // Runs the pipeline inline: this thread does not own the switch, so it takes it when idle.
        Switch.ReceiveFrame(port, frame);
    }
}
