using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_PACKET_OUT (spec 7.3.7): the controller sends a packet through an action list.</summary>
public sealed class PacketOut : OfpMessage
{
    /*
     * Spec 7.3.7
     * struct ofp_packet_out {
     *     struct ofp_header header;
     *     uint32_t buffer_id;      offset 8, OFP_NO_BUFFER when the frame is in data
     *     uint32_t in_port;        12, ingress port for the actions (or OFPP_CONTROLLER)
     *     uint16_t actions_len;    16, bytes of actions
     *     uint8_t pad[6];          18
     *     struct ofp_action_header actions[0];  24
     *     // uint8_t data[0];      frame, only when buffer_id is OFP_NO_BUFFER
     * };                           24 bytes
     */

    private const int FixedSize = OfpConstants.PacketOutSize - OfpConstants.HeaderSize;

    /// <summary>Switch buffer id, or OFP_NO_BUFFER to send <see cref="Data"/>.</summary>
    public uint BufferId { get; set; } = OfpConstants.NoBuffer;

    /// <summary>Ingress port the actions see (OFPP_CONTROLLER when none).</summary>
    public uint InPort { get; set; } = OfpPortNo.Controller;

    /// <summary>Actions applied to the packet.</summary>
    public List<OfpAction> Actions { get; set; } = [];

    /// <summary>The frame when not buffered.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.PacketOut;

    /// <inheritdoc/>
    protected override int BodyLength => FixedSize + ActionCodec.Length(CollectionsMarshal.AsSpan(Actions)) + Data.Length;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        int actionsLength = ActionCodec.Length(CollectionsMarshal.AsSpan(Actions));
        BinaryPrimitives.WriteUInt32BigEndian(body, BufferId);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], InPort);
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], (ushort)actionsLength);
        body[10..FixedSize].Clear();
        ActionCodec.Write(body[FixedSize..], CollectionsMarshal.AsSpan(Actions));
        Data.Span.CopyTo(body[(FixedSize + actionsLength)..]);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize, "PACKET_OUT");
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body);
        InPort = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int actionsLength = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
        if (actionsLength > body.Length - FixedSize)
        {
            Wire.ThrowBadLen($"PACKET_OUT actions_len {actionsLength} runs past the message");
        }

        if (actionsLength % 8 != 0)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadLen, $"PACKET_OUT actions_len {actionsLength} is not a multiple of 8");
        }

        Actions.Clear();
        ActionCodec.ReadList(body.Slice(FixedSize, actionsLength), Actions);
        Data = Wire.Copy(body[(FixedSize + actionsLength)..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is PacketOut p && p.BufferId == BufferId && p.InPort == InPort && Wire.ListEqual(p.Actions, Actions) && Wire.BytesEqual(p.Data, Data);

    /// <inheritdoc/>
    public override string ToString() =>
        $"PACKET_OUT xid={Xid} in_port={InPort} buffer=0x{BufferId:x} actions=[{string.Join(',', Actions)}] data={Data.Length}B";
}
