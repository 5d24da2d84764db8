namespace SdnCtl.Nfv;

/// <summary>
/// Where an appliance puts the frames it sends. The frame span is only valid during the call:
/// a sink that keeps a frame must copy it.
/// </summary>
public interface IFrameSink
{
    /// <summary>Sends <paramref name="frame"/> (a whole Ethernet frame) out of interface <paramref name="egressInterface"/>.</summary>
    void Emit(int egressInterface, ReadOnlySpan<byte> frame);
}
