using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Tests.Support;

/// <summary>Records the frames a switch puts on the wire.</summary>
internal sealed class CapturingTransmitter : IFrameTransmitter
{
    public List<(uint Port, byte[] Frame)> Frames { get; } = [];

    public void Transmit(SimulatedSwitch source, uint port, ReadOnlySpan<byte> frame) => Frames.Add((port, frame.ToArray()));
}
