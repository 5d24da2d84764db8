using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_AGGREGATE reply (spec 7.3.5.3): summed counters of the matching flows.</summary>
public sealed class AggregateStatsReply : MultipartReply
{
    /*
     * Spec 7.3.5.3
     * struct ofp_aggregate_stats_reply {
     *     uint64_t packet_count;   0
     *     uint64_t byte_count;     8
     *     uint32_t flow_count;     16
     *     uint8_t pad[4];          20
     * };                           24 bytes
     */

    private const int Size = 24;

    /// <summary>Packets matched by the flows.</summary>
    public ulong PacketCount { get; set; }

    /// <summary>Bytes matched by the flows.</summary>
    public ulong ByteCount { get; set; }

    /// <summary>Number of flows.</summary>
    public uint FlowCount { get; set; }

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Aggregate;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt64BigEndian(payload, PacketCount);
        BinaryPrimitives.WriteUInt64BigEndian(payload[8..], ByteCount);
        BinaryPrimitives.WriteUInt32BigEndian(payload[16..], FlowCount);
        BinaryPrimitives.WriteUInt32BigEndian(payload[20..], 0);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "AggregateStatsReply");
        PacketCount = BinaryPrimitives.ReadUInt64BigEndian(payload);
        ByteCount = BinaryPrimitives.ReadUInt64BigEndian(payload[8..]);
        FlowCount = BinaryPrimitives.ReadUInt32BigEndian(payload[16..]);
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) =>
        other is AggregateStatsReply a && a.PacketCount == PacketCount && a.ByteCount == ByteCount && a.FlowCount == FlowCount;
}
