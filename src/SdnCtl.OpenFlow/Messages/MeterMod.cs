using System.Buffers.Binary;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_METER_MOD (spec 7.3.4.4): adds, modifies or deletes a meter.</summary>
public sealed class MeterMod : OfpMessage
{
    /*
     * Spec 7.3.4.4
     * struct ofp_meter_mod {
     *     struct ofp_header header;
     *     uint16_t command;     offset 8, OFPMC_*
     *     uint16_t flags;       10, OFPMF_*
     *     uint32_t meter_id;    12
     *     struct ofp_meter_band_header bands[0];  16
     * };                        16 bytes
     */

    private const int FixedSize = OfpConstants.MeterModSize - OfpConstants.HeaderSize;
    private const ushort KnownFlags = 0x0f;

    /// <summary>Add, modify or delete.</summary>
    public MeterModCommand Command { get; set; }

    /// <summary>Meter flags.</summary>
    public MeterFlags Flags { get; set; }

    /// <summary>Meter id.</summary>
    public uint MeterId { get; set; }

    /// <summary>Bands.</summary>
    public List<OfpMeterBand> Bands { get; set; } = [];

    /// <inheritdoc/>
    public override OfpType Type => OfpType.MeterMod;

    /// <inheritdoc/>
    protected override int BodyLength => FixedSize + OfpMeterBand.ListLength(Bands);

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)Command);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], MeterId);
        OfpMeterBand.WriteList(body[FixedSize..], Bands);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize, "METER_MOD");
        ushort command = BinaryPrimitives.ReadUInt16BigEndian(body);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if (command > (ushort)MeterModCommand.Delete)
        {
            OfpProtocolException.Throw(OfpErrorType.MeterModFailed, (ushort)MeterModFailedCode.BadCommand, $"unknown METER_MOD command {command}");
        }

        if ((flags & ~KnownFlags) != 0)
        {
            OfpProtocolException.Throw(OfpErrorType.MeterModFailed, (ushort)MeterModFailedCode.BadFlags, $"METER_MOD flags 0x{flags:x4} has unknown bits");
        }

        Command = (MeterModCommand)command;
        Flags = (MeterFlags)flags;
        MeterId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        OfpMeterBand.ReadList(body[FixedSize..], Bands);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is MeterMod m && m.Command == Command && m.Flags == Flags && m.MeterId == MeterId && Wire.ListEqual(m.Bands, Bands);
}
