using SdnCtl.DataPlane.Appliances;
using SdnCtl.DataPlane.Packets;
using SdnCtl.Nfv;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// An appliance in the network: each interface is cabled to a switch port like a host; a frame
/// delivered to an interface runs through the appliance's frame processing, and what it emits goes
/// up the cable of the interface it names. The mailbox delivers one frame at a time; the periodic
/// tick, traces and configuration changes take the same lock, because the appliance is not
/// thread-safe (see <see cref="NetworkAppliance"/>).
/// </summary>
internal sealed class ApplianceNode : NetworkNode, IFrameSink
{
    private readonly Lock _gate = new();
    private readonly long[] _framesIn;
    private readonly long[] _framesOut;
    private PortAttachment?[] _uplinks;

    // The appliance rewrites frames in place; deliveries are read-only pooled copies, so the frame
    // is copied here first (one copy, no allocation: the buffer is reused under the lock).
    private byte[] _scratch = new byte[PacketBuffer.DefaultCapacity];
    private int _emitHops;
    private List<(int Interface, byte[] Frame)>? _captured;

    public ApplianceNode(SimulatedNetwork network, NetworkAppliance appliance)
        : base(network, appliance.Name)
    {
        Appliance = appliance;
        _uplinks = new PortAttachment?[appliance.Interfaces.Count];
        _framesIn = new long[appliance.Interfaces.Count];
        _framesOut = new long[appliance.Interfaces.Count];
        Handle = new HostedAppliance(this);
    }

    public NetworkAppliance Appliance { get; }

    public HostedAppliance Handle { get; }

    public Lock Gate => _gate;

    /// <summary>The switch port an interface is cabled to, or null.</summary>
    public PortAttachment? Uplink(int index) => Volatile.Read(ref _uplinks)[index];

    /// <summary>Cables interface <paramref name="index"/> to a switch port.</summary>
    public void SetUplink(int index, PortAttachment? uplink)
    {
        lock (_gate)
        {
            var copy = (PortAttachment?[])_uplinks.Clone();
            copy[index] = uplink;
            Volatile.Write(ref _uplinks, copy);
        }
    }

    /// <summary>Frames received and sent per interface, as read now.</summary>
    public (long In, long Out)[] InterfaceCounters()
    {
        lock (_gate)
        {
            return [.. _framesIn.Zip(_framesOut)];
        }
    }

    /// <summary>Lets the appliance's time-driven work run (ARP retries, expiry); called by the network's timer.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            _emitHops = 1;
            Appliance.Tick(this);
        }
    }

    /// <summary>Announces every addressed interface with a gratuitous ARP, as a host does when it comes up.</summary>
    public void Announce()
    {
        Span<byte> frame = stackalloc byte[64];
        foreach (var iface in Appliance.Interfaces)
        {
            if (iface.Address is not { } address || Uplink(iface.Index) is not { } uplink)
            {
                continue;
            }

            int length = FrameBuilder.WriteArp(frame, new L2Header(iface.Mac, L2Header.Broadcast), 1, iface.Mac, address.Address, 0, address.Address);
            lock (_gate)
            {
                _framesOut[iface.Index]++;
            }

            Network.Send(uplink, frame[..length], hops: 0);
        }
    }

    /// <summary>
    /// Runs a traced frame through the appliance without sending what it emits: the emitted frames
    /// are returned for the trace to follow. The appliance's state changes as for real traffic.
    /// </summary>
    public (FrameDisposition Verdict, List<(int Interface, byte[] Frame)> Emitted) Trace(int index, byte[] frame)
    {
        lock (_gate)
        {
            _captured = [];
            try
            {
                var verdict = Appliance.Process(index, frame, this);
                return (verdict, _captured);
            }
            finally
            {
                _captured = null;
            }
        }
    }

    /// <summary>The appliance emits a frame: it goes up the interface's cable (or into a trace).</summary>
    public void Emit(int egressInterface, ReadOnlySpan<byte> frame)
    {
        if (_captured is { } captured)
        {
            captured.Add((egressInterface, frame.ToArray()));
            return;
        }

        _framesOut[egressInterface]++;
        if (Uplink(egressInterface) is { } uplink)
        {
            if (Network.Probes.IsActive)
            {
                Network.Probes.OnApplianceEgress(this, egressInterface, frame);
            }

            Network.Send(uplink, frame, _emitHops);
        }
        else
        {
            Network.Counters.Unattached();
        }
    }

    protected override void Deliver(uint port, ReadOnlySpan<byte> frame, int hops)
    {
        int index = (int)port;
        lock (_gate)
        {
            _framesIn[index]++;
            if (frame.Length > _scratch.Length)
            {
                _scratch = new byte[frame.Length];
            }

            frame.CopyTo(_scratch);
            if (Network.Probes.IsActive)
            {
                Network.Probes.OnApplianceIngress(this, index, frame);
            }

            _emitHops = hops + 1;
            var verdict = Appliance.Process(index, _scratch.AsSpan(0, frame.Length), this);
            if (Network.Probes.IsActive)
            {
                Network.Probes.OnApplianceDone(this, verdict);
            }
        }
    }
}
