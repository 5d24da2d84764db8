using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>Shared body of <see cref="GetConfigReply"/> and <see cref="SetConfig"/>.</summary>
public abstract class SwitchConfigMessage : OfpMessage
{
    /*
     * Spec 7.3.2
     * struct ofp_switch_config {
     *     struct ofp_header header;
     *     uint16_t flags;          offset 8, OFPC_FRAG_*
     *     uint16_t miss_send_len;  10, max bytes of a table-miss packet sent to the controller
     * };                           12 bytes
     */

    private const int Size = OfpConstants.SwitchConfigSize - OfpConstants.HeaderSize;

    /// <summary>IP fragment handling.</summary>
    public ConfigFlags Flags { get; set; }

    /// <summary>Bytes of a packet sent to the controller on table miss (OFPCML_NO_BUFFER = whole packet).</summary>
    public ushort MissSendLen { get; set; } = 128;

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)Flags);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], MissSendLen);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, Type.ToString());
        Flags = (ConfigFlags)BinaryPrimitives.ReadUInt16BigEndian(body);
        MissSendLen = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is SwitchConfigMessage c && c.Flags == Flags && c.MissSendLen == MissSendLen;
}
