using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_GROUP request (spec 7.3.5.10): asks for group counters.</summary>
public sealed class GroupStatsRequest : MultipartRequest
{
    /*
     * Spec 7.3.5
     * struct ofp_group_stats_request {
     *     uint32_t group_id;  0, OFPG_ALL for all
     *     uint8_t pad[4];     4
     * };                      8 bytes
     */

    private const int Size = 8;

    /// <summary>Group to query, or OFPG_ALL for all.</summary>
    public uint GroupId { get; set; } = OfpConstants.GroupAll;

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Group;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, GroupId);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], 0);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "GroupStatsRequest");
        GroupId = BinaryPrimitives.ReadUInt32BigEndian(payload);
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => other is GroupStatsRequest r && r.GroupId == GroupId;
}
