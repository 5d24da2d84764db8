using System.Runtime.CompilerServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// Where each OXM field lives in <see cref="FlowKeyWords"/>. Fields that can never be present in the
/// same packet share bits (tcp/udp/sctp ports, ICMPv4/ICMPv6 type and code, IPv4/ARP addresses,
/// ARP sha/tha with ND sll/tll): the presence bits of <see cref="PacketFields.Present"/> keep them
/// apart, so sharing costs no precision and keeps the key small.
/// </summary>
public static class FlowKeyLayout
{
    /// <summary>Number of 64-bit words in a flow key.</summary>
    public const int WordCount = 17;

    // Indexed by OxmFieldId: word, bit shift within the word, bit width (128 = two words, high first).
    private static ReadOnlySpan<byte> Words =>
    [
        0, 0, 1, 3, 4, 3, 4, 4, 6, 6, 6, 5, 5, 6, 6, 6, 6, 6, 6, 6,
        6, 8, 5, 5, 8, 9, 11, 13, 10, 6, 6, 15, 8, 9, 7, 7, 7, 7, 2, 7,
    ];

    private static ReadOnlySpan<byte> Shifts =>
    [
        32, 0, 0, 16, 16, 0, 3, 0, 50, 48, 56, 32, 0, 32, 16, 32, 16, 32, 16, 8,
        0, 48, 32, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 44, 41, 40, 16, 0, 0,
    ];

    /// <summary>Word index of the (first word of the) field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WordOf(OxmFieldId field) => Words[(byte)field];

    /// <summary>Bit shift of the field within its word (0 for 128-bit fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ShiftOf(OxmFieldId field) => Shifts[(byte)field];

    /// <summary>Writes <paramref name="value"/> (only the field's bits) into the field's place, clearing what was there.</summary>
    public static void Set(Span<ulong> words, OxmFieldId field, UInt128 value)
    {
        int w = WordOf(field);
        int bits = OxmFields.BitWidth(field);
        if (bits == 128)
        {
            words[w] = (ulong)(value >> 64);
            words[w + 1] = (ulong)value;
            return;
        }

        int shift = ShiftOf(field);
        ulong fieldMask = (bits == 64 ? ulong.MaxValue : (1UL << bits) - 1) << shift;
        words[w] = (words[w] & ~fieldMask) | (((ulong)value << shift) & fieldMask);
    }

    /// <summary>ORs <paramref name="value"/> (only the field's bits) into the field's place.</summary>
    public static void Or(Span<ulong> words, OxmFieldId field, UInt128 value)
    {
        int w = WordOf(field);
        int bits = OxmFields.BitWidth(field);
        if (bits == 128)
        {
            words[w] |= (ulong)(value >> 64);
            words[w + 1] |= (ulong)value;
            return;
        }

        int shift = ShiftOf(field);
        ulong fieldMask = (bits == 64 ? ulong.MaxValue : (1UL << bits) - 1) << shift;
        words[w] |= ((ulong)value << shift) & fieldMask;
    }

    /// <summary>Reads the field's value from its place.</summary>
    public static UInt128 Get(ReadOnlySpan<ulong> words, OxmFieldId field)
    {
        int w = WordOf(field);
        int bits = OxmFields.BitWidth(field);
        if (bits == 128)
        {
            return new UInt128(words[w], words[w + 1]);
        }

        ulong v = words[w] >> ShiftOf(field);
        return bits == 64 ? v : v & ((1UL << bits) - 1);
    }

    /// <summary>Sets a field in a packet's key (fast path used by the parser for fields up to 64 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Put(ref FlowKeyWords words, OxmFieldId field, ulong value) =>
        words[WordOf(field)] |= value << ShiftOf(field);
}
