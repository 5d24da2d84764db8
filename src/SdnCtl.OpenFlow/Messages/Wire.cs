using System.Diagnostics.CodeAnalysis;
using System.Text;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// Length checks and small field helpers shared by the message bodies. Every check throws the
/// typed protocol error the receiver must answer with, before any field is read.
/// </summary>
internal static class Wire
{
    /// <summary>Fails unless <paramref name="body"/> is exactly <paramref name="expected"/> bytes.</summary>
    public static void Exact(ReadOnlySpan<byte> body, int expected, string what)
    {
        if (body.Length != expected)
        {
            ThrowBadLen(what, body.Length, expected, exact: true);
        }
    }

    /// <summary>Fails unless <paramref name="body"/> has at least <paramref name="minimum"/> bytes.</summary>
    public static void AtLeast(ReadOnlySpan<byte> body, int minimum, string what)
    {
        if (body.Length < minimum)
        {
            ThrowBadLen(what, body.Length, minimum, exact: false);
        }
    }

    /// <summary>OFPET_BAD_REQUEST / OFPBRC_BAD_LEN.</summary>
    [DoesNotReturn]
    public static void ThrowBadLen(string message) =>
        OfpProtocolException.ThrowBadRequest(BadRequestCode.BadLen, message);

    [DoesNotReturn]
    private static void ThrowBadLen(string what, int actual, int expected, bool exact) =>
        OfpProtocolException.ThrowBadRequest(
            BadRequestCode.BadLen,
            exact ? $"{what} body is {actual} bytes, expected {expected}" : $"{what} body is {actual} bytes, needs at least {expected}");

    /// <summary>
    /// Reads a fixed-size, NUL-terminated string field (port name, DESC strings). Bytes are read
    /// as Latin-1 so that every byte maps to one char and nothing throws on odd input. A field
    /// without a terminator yields its first <c>Length - 1</c> bytes, the most a conforming sender
    /// can put there, so that decoding and re-encoding agree.
    /// </summary>
    public static string ReadString(ReadOnlySpan<byte> field)
    {
        var text = field[..^1];
        int end = text.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? text : text[..end]);
    }

    /// <summary>
    /// Writes <paramref name="value"/> into a fixed-size field, zero-filled; truncated so that at
    /// least one NUL terminates it, as the spec's char arrays require.
    /// </summary>
    public static void WriteString(Span<byte> field, string? value)
    {
        field.Clear();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var chars = value.AsSpan(0, Math.Min(value.Length, field.Length - 1));
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            field[i] = c <= '\u00ff' ? (byte)c : (byte)'?';
        }
    }

    /// <summary>Copies opaque bytes out of a transient frame.</summary>
    public static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? ReadOnlyMemory<byte>.Empty : bytes.ToArray();

    /// <summary>Content equality of two opaque byte blocks.</summary>
    public static bool BytesEqual(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span);

    /// <summary>Element-wise equality of two lists (null only equals null).</summary>
    public static bool ListEqual<T>(List<T>? a, List<T>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
        {
            if (!cmp.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Element-wise equality of two arrays.</summary>
    public static bool ArrayEqual(uint[]? a, uint[]? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.AsSpan().SequenceEqual(b));
}
