using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_QUEUE request (spec 7.3.5.6): asks for queue counters.</summary>
public sealed class QueueStatsRequest : MultipartRequest
{
    /*
     * Spec 7.3.5.6
     * struct ofp_queue_stats_request {
     *     uint32_t port_no;    0, OFPP_ANY for all
     *     uint32_t queue_id;   4, OFPQ_ALL for all
     * };                       8 bytes
     */

    private const int Size = 8;

    /// <summary>Port to query, or OFPP_ANY.</summary>
    public uint PortNo { get; set; } = OfpPortNo.Any;

    /// <summary>Queue to query, or OFPQ_ALL.</summary>
    public uint QueueId { get; set; } = OfpConstants.QueueAll;

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Queue;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, PortNo);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], QueueId);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "QueueStatsRequest");
        PortNo = BinaryPrimitives.ReadUInt32BigEndian(payload);
        QueueId = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => other is QueueStatsRequest r && r.PortNo == PortNo && r.QueueId == QueueId;
}
