using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_PORT_STATS request (spec 7.3.5.5): asks for port counters.</summary>
public sealed class PortStatsRequest : MultipartRequest
{
    /*
     * Spec 7.3.5
     * struct ofp_port_stats_request {
     *     uint32_t port_no;   0, OFPP_ANY for all
     *     uint8_t pad[4];     4
     * };                      8 bytes
     */

    private const int Size = 8;

    /// <summary>Port to query, or OFPP_ANY for all.</summary>
    public uint PortNo { get; set; } = OfpPortNo.Any;

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.PortStats;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, PortNo);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], 0);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "PortStatsRequest");
        PortNo = BinaryPrimitives.ReadUInt32BigEndian(payload);
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => other is PortStatsRequest r && r.PortNo == PortNo;
}
