using SdnCtl.DataPlane.Hosts;

namespace SdnCtl.DataPlane.Tests.Hosts;

/// <summary>Records what a host puts on its cable.</summary>
internal sealed class CapturingHostTransmitter : IHostTransmitter
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _frames = [];

    public IReadOnlyList<byte[]> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public void Transmit(SimulatedHost source, ReadOnlySpan<byte> frame)
    {
        lock (_gate)
        {
            _frames.Add(frame.ToArray());
        }
    }
}
