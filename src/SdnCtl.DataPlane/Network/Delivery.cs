namespace SdnCtl.DataPlane.Network;

/// <summary>
/// A frame on its way to a node: a copy in a pooled array (returned after delivery), the receiving
/// port, how many switches it has crossed, and the attachment it was sent through (for the link's
/// state and counters).
/// </summary>
internal readonly record struct Delivery(byte[] Buffer, int Length, uint Port, int Hops, PortAttachment Via)
{
    public ReadOnlySpan<byte> Frame => Buffer.AsSpan(0, Length);
}
