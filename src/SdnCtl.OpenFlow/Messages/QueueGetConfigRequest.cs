using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_QUEUE_GET_CONFIG_REQUEST (spec 7.3.6): asks for the queues of a port.</summary>
public sealed class QueueGetConfigRequest : OfpMessage
{
    /*
     * Spec 7.3.6
     * struct ofp_queue_get_config_request {
     *     struct ofp_header header;
     *     uint32_t port;       offset 8, port or OFPP_ANY for all
     *     uint8_t pad[4];      12
     * };                       16 bytes
     */

    private const int Size = 8;

    /// <summary>Port to query, or OFPP_ANY.</summary>
    public uint Port { get; set; } = OfpPortNo.Any;

    /// <inheritdoc/>
    public override OfpType Type => OfpType.QueueGetConfigRequest;

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, Port);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], 0);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, "QUEUE_GET_CONFIG_REQUEST");
        Port = BinaryPrimitives.ReadUInt32BigEndian(body);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => other is QueueGetConfigRequest q && q.Port == Port;
}
