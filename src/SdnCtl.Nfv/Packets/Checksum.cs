using System.Buffers.Binary;

namespace SdnCtl.Nfv.Packets;

/// <summary>
/// The Internet checksum (RFC 1071) and its incremental update (RFC 1624). SdnCtl.DataPlane has its
/// own copy; Nfv cannot reference DataPlane (DataPlane hosts Nfv), and this is a few lines.
/// </summary>
internal static class Checksum
{
    public static uint Sum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        int i = 0;
        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (uint)sum;
    }

    public static ushort Finish(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Sum(data));

    /// <summary>RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for one 16-bit word changed from m to m'.</summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord) =>
        Finish((uint)(ushort)~checksum + (ushort)~oldWord + newWord);

    /// <summary>Incremental update for a 32-bit field (two words).</summary>
    public static ushort Update(ushort checksum, uint oldValue, uint newValue) =>
        Update(Update(checksum, (ushort)(oldValue >> 16), (ushort)(newValue >> 16)), (ushort)oldValue, (ushort)newValue);

    /// <summary>Updates the 16-bit checksum stored at <paramref name="at"/> in <paramref name="data"/>.</summary>
    public static void Patch(Span<byte> data, int at, ushort oldWord, ushort newWord) =>
        BinaryPrimitives.WriteUInt16BigEndian(data[at..], Update(BinaryPrimitives.ReadUInt16BigEndian(data[at..]), oldWord, newWord));

    /// <summary>Updates the 16-bit checksum stored at <paramref name="at"/> for a 32-bit field change.</summary>
    public static void Patch(Span<byte> data, int at, uint oldValue, uint newValue) =>
        BinaryPrimitives.WriteUInt16BigEndian(data[at..], Update(BinaryPrimitives.ReadUInt16BigEndian(data[at..]), oldValue, newValue));
}
