using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// Base of every OFPT_MULTIPART_REPLY (spec 7.3.5): a statistics or state reply. The concrete class is chosen by
/// <see cref="MultipartType"/>; its payload follows the 16-byte multipart header.
/// </summary>
public abstract class MultipartReply : OfpMessage
{
    /*
     * Spec 7.3.5
     * struct ofp_multipart_reply {
     *     struct ofp_header header;
     *     uint16_t type;      offset 8, OFPMP_*
     *     uint16_t flags;     10, OFPMPF_*
     *     uint8_t pad[4];     12
     *     uint8_t body[0];    16
     * };                      16 bytes
     */

    /// <summary>Bytes of the multipart header after the OpenFlow header.</summary>
    protected const int MultipartHeaderSize = OfpConstants.MultipartHeaderSize - OfpConstants.HeaderSize;

    /// <inheritdoc/>
    public sealed override OfpType Type => OfpType.MultipartReply;

    /// <summary>Multipart type of the payload.</summary>
    public abstract MultipartType MultipartType { get; }

    /// <summary>OFPMPF_REPLY_MORE: more replies of the same type follow.</summary>
    public MultipartReplyFlags Flags { get; set; }

    /// <inheritdoc/>
    protected sealed override int BodyLength => MultipartHeaderSize + PayloadLength;

    /// <summary>Encoded length of the payload after the multipart header.</summary>
    protected abstract int PayloadLength { get; }

    /// <inheritdoc/>
    protected sealed override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)MultipartType);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], 0);
        WritePayload(body[MultipartHeaderSize..]);
    }

    /// <inheritdoc/>
    protected internal sealed override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, MultipartHeaderSize, "OFPT_MULTIPART_REPLY");
        Flags = (MultipartReplyFlags)BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        ReadPayload(body[MultipartHeaderSize..]);
    }

    /// <summary>Writes the payload; <paramref name="payload"/> is exactly <see cref="PayloadLength"/> bytes.</summary>
    protected abstract void WritePayload(Span<byte> payload);

    /// <summary>Reads the payload (everything after the multipart header); throws OfpProtocolException when malformed.</summary>
    protected abstract void ReadPayload(ReadOnlySpan<byte> payload);

    /// <summary>Compares the payload fields with <paramref name="other"/>, which has the same runtime type.</summary>
    protected abstract bool PayloadEquals(MultipartReply other);

    /// <inheritdoc/>
    protected sealed override bool BodyEquals(OfpMessage other) =>
        other is MultipartReply m && m.Flags == Flags && PayloadEquals(m);

    /// <inheritdoc/>
    public override string ToString() => $"{Type} xid={Xid} {MultipartType} flags={Flags} len={Length}";
}
