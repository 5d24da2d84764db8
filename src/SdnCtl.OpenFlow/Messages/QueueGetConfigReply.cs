using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_QUEUE_GET_CONFIG_REPLY (spec 7.3.6): the queues configured on a port.</summary>
public sealed class QueueGetConfigReply : OfpMessage
{
    /*
     * Spec 7.3.6
     * struct ofp_queue_get_config_reply {
     *     struct ofp_header header;
     *     uint32_t port;       offset 8
     *     uint8_t pad[4];      12
     *     struct ofp_packet_queue queues[0];  16
     * };                       16 bytes
     */

    private const int FixedSize = 8;

    /// <summary>Port queried.</summary>
    public uint Port { get; set; }

    /// <summary>Its queues.</summary>
    public List<OfpPacketQueue> Queues { get; set; } = [];

    /// <inheritdoc/>
    public override OfpType Type => OfpType.QueueGetConfigReply;

    /// <inheritdoc/>
    protected override int BodyLength
    {
        get
        {
            int n = FixedSize;
            foreach (var q in Queues)
            {
                n += q.WireLength;
            }

            return n;
        }
    }

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, Port);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], 0);
        int off = FixedSize;
        foreach (var q in Queues)
        {
            off += q.Write(body[off..]);
        }
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize, "QUEUE_GET_CONFIG_REPLY");
        Port = BinaryPrimitives.ReadUInt32BigEndian(body);
        Queues.Clear();
        var rest = body[FixedSize..];
        while (!rest.IsEmpty)
        {
            int n = OfpPacketQueue.Read(rest, out var q);
            Queues.Add(q);
            rest = rest[n..];
        }
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is QueueGetConfigReply q && q.Port == Port && Wire.ListEqual(q.Queues, Queues);
}
