using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// Base of every OpenFlow 1.3 message. A message knows its encoded size, writes itself into a
/// caller-provided span (so the transport can write straight into a pooled buffer) and reads its
/// body from a span. Decoding is done by <c>OfpCodec</c>.
/// </summary>
public abstract class OfpMessage
{
    /// <summary>Transaction id; replies carry the id of their request.</summary>
    public uint Xid { get; set; }

    /// <summary>Message type on the wire.</summary>
    public abstract OfpType Type { get; }

    /// <summary>Total encoded length including the 8-byte header.</summary>
    public int Length => OfpConstants.HeaderSize + BodyLength;

    /// <summary>Encoded length of everything after the header.</summary>
    protected abstract int BodyLength { get; }

    /// <summary>Writes header and body into <paramref name="dest"/>; returns the bytes written.</summary>
    public int WriteTo(Span<byte> dest)
    {
        int length = Length;
        if (length > OfpConstants.MaxMessageSize)
        {
            throw new InvalidOperationException($"{Type} message of {length} bytes exceeds the 65535-byte OpenFlow limit");
        }

        new OfpHeader(OfpConstants.Version, Type, (ushort)length, Xid).Write(dest);
        WriteBody(dest[OfpConstants.HeaderSize..length]);
        return length;
    }

    /// <summary>Encodes to a new array (convenience for tests and cold paths).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes the body; <paramref name="body"/> is exactly <see cref="BodyLength"/> bytes.</summary>
    protected abstract void WriteBody(Span<byte> body);

    /// <summary>
    /// Reads the body (everything after the header, exactly as long as the header says). Throws
    /// <see cref="OfpProtocolException"/> for malformed input; must not throw anything else.
    /// </summary>
    protected internal abstract void ReadBody(ReadOnlySpan<byte> body);
}
