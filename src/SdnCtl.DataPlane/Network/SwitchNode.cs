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

    /// <summary>Uncables a port; only on the switch's executor (its transmit path reads the cabling there).</summary>
    public bool Detach(uint port) => _ports.Remove(port);

    /// <summary>Cables a free port at run time; only on the switch's executor.</summary>
    public bool TryAttach(uint port, PortAttachment attachment) => _ports.TryAdd(port, attachment);

    /// <summary>Called by the switch, on its executor, for every frame it outputs.</summary>
    public void Transmit(SimulatedSwitch source, uint port, ReadOnlySpan<byte> frame)
    {
        // Outside one of our deliveries the frame is a controller's PACKET_OUT (LLDP probes, floods,
        // proxy ARP replies) or one the switch had queued because its OpenFlow thread held it. Both
        // start counting afresh. Inheriting the last delivery's count instead made every LLDP probe
        // one hop "older" than the probe that last reached the switch, so after a minute of
        // discovery rounds the probes hit the hop limit and every link expired. A forwarding loop
        // still ends: each pass through a delivery counts up, and a storm is capped by
        // MaxFramesInFlight.
        int hops = IsDeliveringTo(this, out int h) ? h + 1 : 1;
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
        if (Network.Probes.IsActive)
        {
            Network.Probes.OnSwitchIngress(this, port, frame);
        }

        // Runs the pipeline inline: this thread does not own the switch, so it takes it when idle.
        Switch.ReceiveFrame(port, frame);
    }
}
