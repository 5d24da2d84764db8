using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// Base of every OpenFlow 1.3 message. A message knows its encoded size, writes itself into a
/// caller-provided span (so the transport can write straight into a pooled buffer) and reads its
/// body from a span. Decoding is done by <see cref="OfpCodec"/>.
/// </summary>
/// <remarks>
/// Messages have value equality over their header xid and every wire field so that round-trip
/// tests can compare them; they are mutable, so do not use them as dictionary keys.
/// </remarks>
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

    /// <summary>
    /// Version written in the header. Always OFP_VERSION except for HELLO, which carries the
    /// highest version the sender supports (spec 6.3.1).
    /// </summary>
    protected virtual byte WireVersion => OfpConstants.Version;

    /// <summary>Writes header and body into <paramref name="dest"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="dest"/> is shorter than <see cref="Length"/>.</exception>
    /// <exception cref="InvalidOperationException">The message does not fit the 16-bit length field.</exception>
    public int WriteTo(Span<byte> dest) => WriteTo(dest, Length);

    /// <summary>
    /// Writes header and body into <paramref name="dest"/> when the caller has already computed
    /// <see cref="Length"/> (a sender sizing its buffer does): computing it walks the whole match and
    /// instruction lists, which for a FLOW_MOD is a fair share of the encoding, so it is done once.
    /// </summary>
    /// <param name="dest">Where to write; at least <paramref name="length"/> bytes.</param>
    /// <param name="length">This message's <see cref="Length"/>, unchanged since it was read.</param>
    /// <returns>The bytes written, <paramref name="length"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="dest"/> is shorter than <paramref name="length"/>.</exception>
    /// <exception cref="InvalidOperationException">The message does not fit the 16-bit length field.</exception>
    public int WriteTo(Span<byte> dest, int length)
    {
        System.Diagnostics.Debug.Assert(length == Length, "length must be the message's current Length");
        if (length > OfpConstants.MaxMessageSize)
        {
            ThrowTooLong(length);
        }

        if (dest.Length < length)
        {
            throw new ArgumentException($"destination has {dest.Length} bytes, message needs {length}", nameof(dest));
        }

        new OfpHeader(WireVersion, Type, (ushort)length, Xid).Write(dest);
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

    /// <summary>
    /// Compares the body fields with <paramref name="other"/>, which has the same runtime type.
    /// The default compares the encoded bodies; messages override it with a field-wise comparison
    /// so that a field that is neither written nor read still shows up in round-trip tests.
    /// </summary>
    protected virtual bool BodyEquals(OfpMessage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ToArray().AsSpan(OfpConstants.HeaderSize).SequenceEqual(other.ToArray().AsSpan(OfpConstants.HeaderSize));
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) =>
        ReferenceEquals(this, obj) ||
        (obj is OfpMessage other && other.GetType() == GetType() && other.Xid == Xid &&
         other.WireVersion == WireVersion && BodyEquals(other));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GetType(), Xid, Length);

    /// <inheritdoc/>
    public override string ToString() => $"{Type} xid={Xid} len={Length}";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowTooLong(int length) =>
        throw new InvalidOperationException($"message of {length} bytes exceeds the 65535-byte OpenFlow limit");
}
