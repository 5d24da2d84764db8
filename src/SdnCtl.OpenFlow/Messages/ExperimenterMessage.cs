using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_EXPERIMENTER (spec 7.5.4): vendor extension with an opaque body.</summary>
public sealed class ExperimenterMessage : OfpMessage
{
    /*
     * Spec 7.5.4
     * struct ofp_experimenter_header {
     *     struct ofp_header header;
     *     uint32_t experimenter;   experimenter id (OUI in the low 24 bits)
     *     uint32_t exp_type;
     *     uint8_t experimenter_data[0];
     * };                           16 bytes
     */

    /// <summary>Experimenter id.</summary>
    public uint ExperimenterId { get; set; }

    /// <summary>Experimenter-defined type.</summary>
    public uint ExpType { get; set; }

    /// <summary>Opaque body.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.Experimenter;

    /// <inheritdoc/>
    protected override int BodyLength => 8 + Data.Length;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, ExperimenterId);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], ExpType);
        Data.Span.CopyTo(body[8..]);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, 8, "EXPERIMENTER");
        ExperimenterId = BinaryPrimitives.ReadUInt32BigEndian(body);
        ExpType = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        Data = Wire.Copy(body[8..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is ExperimenterMessage e && e.ExperimenterId == ExperimenterId && e.ExpType == ExpType && Wire.BytesEqual(e.Data, Data);
}
