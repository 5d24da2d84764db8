using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_EXPERIMENTER request (spec 7.3.5.19): vendor multipart with an opaque body.</summary>
public sealed class ExperimenterMultipartRequest : MultipartRequest
{
    /*
     * Spec 7.3.5.19
     * struct ofp_experimenter_multipart_header {
     *     uint32_t experimenter;   0
     *     uint32_t exp_type;       4
     *     // uint8_t data[0];      8
     * };                          8 bytes
     */

    private const int FixedSize = 8;

    /// <summary>Experimenter id.</summary>
    public uint ExperimenterId { get; set; }

    /// <summary>Experimenter-defined type.</summary>
    public uint ExpType { get; set; }

    /// <summary>Opaque body.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Experimenter;

    /// <inheritdoc/>
    protected override int PayloadLength => FixedSize + Data.Length;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, ExperimenterId);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], ExpType);
        Data.Span.CopyTo(payload[FixedSize..]);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.AtLeast(payload, FixedSize, "ExperimenterMultipartRequest");
        ExperimenterId = BinaryPrimitives.ReadUInt32BigEndian(payload);
        ExpType = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        Data = Wire.Copy(payload[FixedSize..]);
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) =>
        other is ExperimenterMultipartRequest e && e.ExperimenterId == ExperimenterId && e.ExpType == ExpType && Wire.BytesEqual(e.Data, Data);
}
