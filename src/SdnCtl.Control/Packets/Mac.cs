using System.Buffers.Binary;

namespace SdnCtl.Control.Packets;

/// <summary>48-bit MAC helpers over the big-endian <see cref="ulong"/> form used everywhere in SdnCtl.</summary>
internal static class Mac
{
    public const ulong Broadcast = 0xffff_ffff_ffff;

    /// <summary>True for multicast and broadcast: the I/G bit, the low bit of the first octet, is set.</summary>
    public static bool IsGroup(ulong mac) => ((mac >> 40) & 1) != 0;

    /// <summary>A unicast, non-zero address a host can own.</summary>
    public static bool IsHostAddress(ulong mac) => mac != 0 && !IsGroup(mac);

    public static ulong Read(ReadOnlySpan<byte> src) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(src) << 32) | BinaryPrimitives.ReadUInt32BigEndian(src[2..]);

    public static void Write(Span<byte> dest, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(dest[2..], (uint)mac);
    }
}
