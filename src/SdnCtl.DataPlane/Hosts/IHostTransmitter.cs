namespace SdnCtl.DataPlane.Hosts;

/// <summary>
/// Where frames leave a <see cref="SimulatedHost"/>: the network simulator connects the host's
/// cable here. Called on any thread (the host's executor for replies, the caller's thread for
/// traffic it originates); the span is only valid during the call.
/// </summary>
public interface IHostTransmitter
{
    /// <summary><paramref name="source"/> puts <paramref name="frame"/> on its cable.</summary>
    void Transmit(SimulatedHost source, ReadOnlySpan<byte> frame);
}
