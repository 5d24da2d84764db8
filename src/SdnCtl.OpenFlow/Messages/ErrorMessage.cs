using System.Buffers.Binary;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// OFPT_ERROR (spec 7.4.4). <see cref="Data"/> usually holds at least the first 64 bytes of the
/// request that failed; for OFPET_HELLO_FAILED it is an ASCII explanation. With
/// <see cref="OfpErrorType.Experimenter"/> the code slot carries <see cref="ExpType"/> and an
/// experimenter id follows.
/// </summary>
public sealed class ErrorMessage : OfpMessage
{
    /*
     * Spec 7.4.4
     * struct ofp_error_msg {              struct ofp_error_experimenter_msg {
     *     struct ofp_header header;           struct ofp_header header;
     *     uint16_t type;                      uint16_t type;          OFPET_EXPERIMENTER
     *     uint16_t code;                      uint16_t exp_type;
     *     uint8_t data[0];                    uint32_t experimenter;
     * };                       12 bytes       uint8_t data[0];
     *                                     };                          16 bytes
     */

    /// <summary>Error type.</summary>
    public OfpErrorType ErrorType { get; set; }

    /// <summary>Error code; meaning depends on <see cref="ErrorType"/>. Unused for experimenter errors.</summary>
    public ushort Code { get; set; }

    /// <summary>Experimenter-defined type (experimenter errors only).</summary>
    public ushort ExpType { get; set; }

    /// <summary>Experimenter id (experimenter errors only).</summary>
    public uint ExperimenterId { get; set; }

    /// <summary>The offending request (or its first bytes), or ASCII text for HELLO_FAILED.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <summary>True for the OFPET_EXPERIMENTER form.</summary>
    public bool IsExperimenter => ErrorType == OfpErrorType.Experimenter;

    /// <inheritdoc/>
    public override OfpType Type => OfpType.Error;

    /// <inheritdoc/>
    protected override int BodyLength => (IsExperimenter ? 8 : 4) + Data.Length;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)ErrorType);
        if (IsExperimenter)
        {
            BinaryPrimitives.WriteUInt16BigEndian(body[2..], ExpType);
            BinaryPrimitives.WriteUInt32BigEndian(body[4..], ExperimenterId);
            Data.Span.CopyTo(body[8..]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(body[2..], Code);
            Data.Span.CopyTo(body[4..]);
        }
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, 4, "ERROR");
        ErrorType = (OfpErrorType)BinaryPrimitives.ReadUInt16BigEndian(body);
        if (IsExperimenter)
        {
            Wire.AtLeast(body, 8, "experimenter ERROR");
            Code = 0;
            ExpType = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
            ExperimenterId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
            Data = Wire.Copy(body[8..]);
        }
        else
        {
            Code = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
            ExpType = 0;
            ExperimenterId = 0;
            Data = Wire.Copy(body[4..]);
        }
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is ErrorMessage e && e.ErrorType == ErrorType && e.Code == Code && e.ExpType == ExpType &&
        e.ExperimenterId == ExperimenterId && Wire.BytesEqual(e.Data, Data);

    /// <inheritdoc/>
    public override string ToString() =>
        IsExperimenter
            ? $"ERROR xid={Xid} experimenter=0x{ExperimenterId:x} exp_type={ExpType} data={Data.Length}B"
            : $"ERROR xid={Xid} {ErrorType}/{Code} data={Data.Length}B";
}
