using SdnCtl.DataPlane.Hosts;

namespace SdnCtl.DataPlane.Tests.Hosts;

/// <summary>A crossover cable between two hosts: whatever one sends, the other receives at once.</summary>
internal sealed class CableTransmitter : IHostTransmitter
{
    private readonly SimulatedHost _a;
    private readonly SimulatedHost _b;

    public CableTransmitter(SimulatedHost a, SimulatedHost b)
    {
        _a = a;
        _b = b;
        a.Transmitter = this;
        b.Transmitter = this;
    }

    public void Transmit(SimulatedHost source, ReadOnlySpan<byte> frame) => (source == _a ? _b : _a).Receive(frame);
}
