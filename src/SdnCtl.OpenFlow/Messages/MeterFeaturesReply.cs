using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_METER_FEATURES reply (spec 7.3.5.15): meter limits and supported bands.</summary>
public sealed class MeterFeaturesReply : MultipartReply
{
    /*
     * Spec 7.3.5.15
     * struct ofp_meter_features {
     *     uint32_t max_meter;     0
     *     uint32_t band_types;    4, bitmap of 1 << OFPMBT_*
     *     uint32_t capabilities;  8, OFPMF_* flags
     *     uint8_t max_bands;      12
     *     uint8_t max_color;      13
     *     uint8_t pad[2];         14
     * };                          16 bytes
     */

    private const int Size = 16;

    /// <summary>Maximum number of meters.</summary>
    public uint MaxMeter { get; set; }

    /// <summary>Supported band types, bit n = <see cref="MeterBandType"/> n.</summary>
    public uint BandTypes { get; set; }

    /// <summary>Supported meter flags.</summary>
    public MeterFlags Capabilities { get; set; }

    /// <summary>Maximum bands per meter.</summary>
    public byte MaxBands { get; set; }

    /// <summary>Maximum color value.</summary>
    public byte MaxColor { get; set; }

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.MeterFeatures;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, MaxMeter);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], BandTypes);
        BinaryPrimitives.WriteUInt32BigEndian(payload[8..], (uint)Capabilities);
        payload[12] = MaxBands;
        payload[13] = MaxColor;
        payload[14] = 0;
        payload[15] = 0;
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "MeterFeaturesReply");
        MaxMeter = BinaryPrimitives.ReadUInt32BigEndian(payload);
        BandTypes = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        Capabilities = (MeterFlags)BinaryPrimitives.ReadUInt32BigEndian(payload[8..]);
        MaxBands = payload[12];
        MaxColor = payload[13];
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) =>
        other is MeterFeaturesReply m && m.MaxMeter == MaxMeter && m.BandTypes == BandTypes && m.Capabilities == Capabilities &&
        m.MaxBands == MaxBands && m.MaxColor == MaxColor;
}
