namespace SdnCtl.DataPlane.Switch;

/// <summary>
/// Where frames leave a switch: a network simulator connects links and hosts here. Called
/// synchronously on the switch's executor; the span is only valid during the call.
/// </summary>
public interface IFrameTransmitter
{
    /// <summary><paramref name="source"/> sends <paramref name="frame"/> out of <paramref name="port"/> (a port number, or OFPP_LOCAL).</summary>
    void Transmit(SimulatedSwitch source, uint port, ReadOnlySpan<byte> frame);
}
