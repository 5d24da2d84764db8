using System.Buffers.Binary;

namespace SdnCtl.Control.Packets;

/// <summary>
/// The Ethernet II header of a frame the switch sent up. An 802.1Q tag is reported, not skipped:
/// the reactive forwarding here is untagged L2, and tagged traffic belongs to the tenant logic.
/// </summary>
/// <param name="Destination">Destination MAC.</param>
/// <param name="Source">Source MAC.</param>
/// <param name="EtherType">The ethertype after the MACs (0x8100 for a tagged frame).</param>
internal readonly record struct EthernetHeader(ulong Destination, ulong Source, ushort EtherType)
{
    /*
     * IEEE 802.3 / Ethernet II
     *   0  destination MAC (6)
     *   6  source MAC (6)
     *  12  ethertype (2)
     *  14  payload
     */
    public const int Size = 14;

    public static bool TryRead(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        if (frame.Length < Size)
        {
            header = default;
            return false;
        }

        header = new EthernetHeader(Mac.Read(frame), Mac.Read(frame[6..]), BinaryPrimitives.ReadUInt16BigEndian(frame[12..]));
        return true;
    }

    public static void Write(Span<byte> frame, ulong destination, ulong source, ushort etherType)
    {
        Mac.Write(frame, destination);
        Mac.Write(frame[6..], source);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], etherType);
    }
}
