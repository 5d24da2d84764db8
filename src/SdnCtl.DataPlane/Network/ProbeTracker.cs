namespace SdnCtl.DataPlane.Network;

/// <summary>
/// The network's frame observer for pings: switches report each frame entering and leaving, and
/// the active probes pick out their own echo request and reply. With no ping running, the check
/// at the call sites is one volatile read.
/// </summary>
internal sealed class ProbeTracker
{
    private readonly Lock _gate = new();
    private PingProbe[] _probes = [];
    private ConnectProbe[] _connects = [];
    private volatile bool _active;

    public bool IsActive => _active;

    public void Add(ConnectProbe probe)
    {
        lock (_gate)
        {
            _connects = [.. _connects, probe];
            _active = true;
        }
    }

    public void Remove(ConnectProbe probe)
    {
        lock (_gate)
        {
            _connects = [.. _connects.Where(p => p != probe)];
            _active = _probes.Length + _connects.Length > 0;
        }
    }

    /// <summary>An appliance received a frame (inside its delivery, before processing).</summary>
    public void OnApplianceIngress(ApplianceNode node, int index, ReadOnlySpan<byte> frame)
    {
        foreach (var probe in Volatile.Read(ref _connects))
        {
            probe.OnApplianceIngress(node, index, frame);
        }
    }

    /// <summary>An appliance finished processing a frame with <paramref name="verdict"/>.</summary>
    public void OnApplianceDone(ApplianceNode node, Nfv.FrameDisposition verdict)
    {
        foreach (var probe in Volatile.Read(ref _connects))
        {
            probe.OnApplianceDone(node, verdict);
        }
    }

    /// <summary>An appliance emitted a frame while processing one (so its probe can follow it through a NAT).</summary>
    public void OnApplianceEgress(ApplianceNode node, int index, ReadOnlySpan<byte> frame)
    {
        foreach (var probe in Volatile.Read(ref _connects))
        {
            probe.OnApplianceEgress(node, index, frame);
        }
    }

    public void Add(PingProbe probe)
    {
        lock (_gate)
        {
            _probes = [.. _probes, probe];
            _active = true;
        }
    }

    public void Remove(PingProbe probe)
    {
        lock (_gate)
        {
            _probes = [.. _probes.Where(p => p != probe)];
            _active = _probes.Length + _connects.Length > 0;
        }
    }

    public void OnSwitchIngress(SwitchNode node, uint port, ReadOnlySpan<byte> frame) => Observe(node, port, frame, egress: false);

    public void OnSwitchEgress(SwitchNode node, uint port, ReadOnlySpan<byte> frame) => Observe(node, port, frame, egress: true);

    private void Observe(SwitchNode node, uint port, ReadOnlySpan<byte> frame, bool egress)
    {
        foreach (var connect in Volatile.Read(ref _connects))
        {
            connect.Observe(node, port, frame, egress);
        }

        var probes = Volatile.Read(ref _probes);
        if (probes.Length == 0 || !EchoFrame.TryRead(frame, out var echo))
        {
            return;
        }

        foreach (var probe in probes)
        {
            probe.Observe(echo, node, port, egress);
        }
    }
}
