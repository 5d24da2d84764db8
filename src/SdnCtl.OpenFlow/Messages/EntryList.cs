using System.Diagnostics;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>Arrays of <see cref="IWireEntry{TSelf}"/> that fill a multipart payload exactly.</summary>
internal static class EntryList
{
    public static int Length<T>(List<T> entries)
        where T : IWireEntry<T>
    {
        int n = 0;
        foreach (var e in entries)
        {
            n += e.WireLength;
        }

        return n;
    }

    public static void Write<T>(Span<byte> dest, List<T> entries)
        where T : IWireEntry<T>
    {
        int off = 0;
        foreach (var e in entries)
        {
            off += e.WriteEntry(dest[off..]);
        }
    }

    public static void Read<T>(ReadOnlySpan<byte> src, List<T> into)
        where T : IWireEntry<T>
    {
        into.Clear();
        while (!src.IsEmpty)
        {
            int n = T.ReadEntry(src, out var e);
            Debug.Assert(n > 0 && n <= src.Length, "an entry reader must consume at least one byte and stay in bounds");
            into.Add(e);
            src = src[n..];
        }
    }

    /// <summary>Reads the 16-bit length of a variable entry at <paramref name="offset"/> and checks it against the array.</summary>
    public static int VariableLength(ReadOnlySpan<byte> src, int offset, int minimum, string what)
    {
        Wire.AtLeast(src, minimum, what);
        int len = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(src[offset..]);
        if (len < minimum || len > src.Length || len % 8 != 0)
        {
            Wire.ThrowBadLen($"{what} length {len} with {src.Length} bytes left (minimum {minimum})");
        }

        return len;
    }
}
