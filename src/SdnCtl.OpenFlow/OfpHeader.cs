using System.Buffers.Binary;

namespace SdnCtl.OpenFlow;

/// <summary>
/// The 8-byte header every message starts with (spec 7.1):
/// <c>struct ofp_header { uint8_t version; uint8_t type; uint16_t length; uint32_t xid; }</c>.
/// </summary>
public readonly record struct OfpHeader(byte Version, OfpType Type, ushort Length, uint Xid)
{
    /// <summary>Reads a header; false when fewer than 8 bytes are available ("need more bytes").</summary>
    public static bool TryRead(ReadOnlySpan<byte> src, out OfpHeader header)
    {
        if (src.Length < OfpConstants.HeaderSize)
        {
            header = default;
            return false;
        }

        header = new OfpHeader(src[0], (OfpType)src[1], BinaryPrimitives.ReadUInt16BigEndian(src[2..]), BinaryPrimitives.ReadUInt32BigEndian(src[4..]));
        return true;
    }

    /// <summary>Writes the header at the start of <paramref name="dest"/>.</summary>
    public void Write(Span<byte> dest)
    {
        dest[0] = Version;
        dest[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], Length);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], Xid);
    }
}
