namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// Where the pipeline puts what a packet produces. Called synchronously; the span is valid only
/// during the call (copy it to keep it), so the forwarding path needs no allocation.
/// </summary>
public interface IPacketOutput
{
    /// <summary>A frame leaves through physical port <paramref name="port"/> (or OFPP_LOCAL).</summary>
    void Transmit(uint port, ReadOnlySpan<byte> frame);

    /// <summary>A frame goes to the controller (the whole frame; the switch truncates it to max_len).</summary>
    void PacketIn(in PacketInEvent packetIn, ReadOnlySpan<byte> frame);
}
