using System.Buffers.Binary;

namespace SdnCtl.Control.Packets;

/// <summary>The addresses of an IPv4 header; the control plane needs nothing else of it.</summary>
/// <param name="Source">Source address, host order.</param>
/// <param name="Destination">Destination address, host order.</param>
internal readonly record struct Ipv4Header(uint Source, uint Destination)
{
    /*
     * RFC 791
     *   0  version(4) ihl(4)   1  tos   2  total length (2)
     *   4  id (2)  6  flags/fragment (2)   8  ttl  9  protocol  10  checksum (2)
     *  12  source address (4)
     *  16  destination address (4)
     *  20  options, then payload
     */
    public const int MinSize = 20;

    public static bool TryRead(ReadOnlySpan<byte> payload, out Ipv4Header header)
    {
        if (payload.Length < MinSize || (payload[0] >> 4) != 4 || (payload[0] & 0xf) < 5)
        {
            header = default;
            return false;
        }

        header = new Ipv4Header(BinaryPrimitives.ReadUInt32BigEndian(payload[12..]), BinaryPrimitives.ReadUInt32BigEndian(payload[16..]));
        return true;
    }
}
