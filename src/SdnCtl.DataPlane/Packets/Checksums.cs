using System.Buffers.Binary;

namespace SdnCtl.DataPlane.Packets;

/// <summary>The Internet checksum (RFC 1071) and its incremental update (RFC 1624).</summary>
public static class Checksums
{
    /// <summary>One's complement sum of <paramref name="data"/> as 16-bit big-endian words, folded, not inverted.</summary>
    public static uint Sum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

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
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (uint)sum;
    }

    /// <summary>The checksum to store: the inverted folded sum.</summary>
    public static ushort Finish(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>Checksum of <paramref name="data"/> (e.g. an IPv4 header with its checksum field zeroed).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Sum(data));

    /// <summary>
    /// RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changed from
    /// <paramref name="oldWord"/> to <paramref name="newWord"/>: HC' = ~(~HC + ~m + m').
    /// </summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
    {
        uint sum = (uint)(ushort)~checksum + (ushort)~oldWord + newWord;
        return Finish(sum);
    }

    /// <summary>Incremental update for a 32-bit value (two words).</summary>
    public static ushort Update32(ushort checksum, uint oldValue, uint newValue) =>
        Update(Update(checksum, (ushort)(oldValue >> 16), (ushort)(newValue >> 16)), (ushort)oldValue, (ushort)newValue);

    /// <summary>Incremental update for a 128-bit value (eight words).</summary>
    public static ushort Update128(ushort checksum, UInt128 oldValue, UInt128 newValue)
    {
        for (int shift = 0; shift < 128; shift += 32)
        {
            checksum = Update32(checksum, (uint)(oldValue >> shift), (uint)(newValue >> shift));
        }

        return checksum;
    }

    /// <summary>Sum of the IPv4 pseudo-header (RFC 793/768): src, dst, zero+protocol, transport length.</summary>
    public static uint PseudoHeaderV4(uint src, uint dst, byte protocol, int length) =>
        (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + protocol + (uint)length;

    /// <summary>Sum of the IPv6 pseudo-header (RFC 8200 8.1).</summary>
    public static uint PseudoHeaderV6(ReadOnlySpan<byte> src16, ReadOnlySpan<byte> dst16, byte nextHeader, int length)
    {
        uint sum = Sum(src16) + Sum(dst16) + nextHeader + (uint)(length >> 16) + (uint)(length & 0xffff);
        return sum;
    }
}
