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

    public bool IsActive => Volatile.Read(ref _probes).Length != 0;

    public void Add(PingProbe probe)
    {
        lock (_gate)
        {
            _probes = [.. _probes, probe];
        }
    }

    public void Remove(PingProbe probe)
    {
        lock (_gate)
        {
            _probes = [.. _probes.Where(p => p != probe)];
        }
    }

    public void OnSwitchIngress(SwitchNode node, uint port, ReadOnlySpan<byte> frame) => Observe(node, port, frame, egress: false);

    public void OnSwitchEgress(SwitchNode node, uint port, ReadOnlySpan<byte> frame) => Observe(node, port, frame, egress: true);

    private void Observe(SwitchNode node, uint port, ReadOnlySpan<byte> frame, bool egress)
    {
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
