using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_METER request (spec 7.3.5.13): asks for meter counters.</summary>
public sealed class MeterStatsRequest : MultipartRequest
{
    /*
     * Spec 7.3.5
     * struct ofp_meter_multipart_request {
     *     uint32_t meter_id;  0, OFPM_ALL for all
     *     uint8_t pad[4];     4
     * };                      8 bytes
     */

    private const int Size = 8;

    /// <summary>Meter to query, or OFPM_ALL for all.</summary>
    public uint MeterId { get; set; } = OfpConstants.MeterAll;

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Meter;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, MeterId);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], 0);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "MeterStatsRequest");
        MeterId = BinaryPrimitives.ReadUInt32BigEndian(payload);
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => other is MeterStatsRequest r && r.MeterId == MeterId;
}
