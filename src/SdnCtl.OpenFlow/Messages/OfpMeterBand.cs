using System.Buffers.Binary;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One band of a meter (spec 7.3.4.4, <c>struct ofp_meter_band_*</c>).</summary>
public sealed class OfpMeterBand : IEquatable<OfpMeterBand>
{
    /*
     * Spec 7.3.4.4
     * struct ofp_meter_band_header { uint16_t type; uint16_t len; uint32_t rate; uint32_t burst_size; };  12
     * struct ofp_meter_band_drop          { header; uint8_t pad[4]; }                                    16
     * struct ofp_meter_band_dscp_remark   { header; uint8_t prec_level; uint8_t pad[3]; }                16
     * struct ofp_meter_band_experimenter  { header; uint32_t experimenter; } + experimenter data         16+
     */

    /// <summary>Band type.</summary>
    public MeterBandType Type { get; set; } = MeterBandType.Drop;

    /// <summary>Rate above which the band applies (kb/s or packets/s per the meter flags).</summary>
    public uint Rate { get; set; }

    /// <summary>Burst size (with OFPMF_BURST).</summary>
    public uint BurstSize { get; set; }

    /// <summary>DSCP remark: drop-precedence levels to add.</summary>
    public byte PrecLevel { get; set; }

    /// <summary>Experimenter id (experimenter bands).</summary>
    public uint ExperimenterId { get; set; }

    /// <summary>Experimenter body after the 16-byte band, a multiple of 8 bytes (experimenter bands).</summary>
    public ReadOnlyMemory<byte> ExperimenterData { get; set; }

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => OfpConstants.MeterBandSize + (Type == MeterBandType.Experimenter ? (ExperimenterData.Length + 7) & ~7 : 0);

    /// <summary>A drop band.</summary>
    public static OfpMeterBand Drop(uint rate, uint burstSize = 0) => new() { Type = MeterBandType.Drop, Rate = rate, BurstSize = burstSize };

    /// <summary>A DSCP remark band.</summary>
    public static OfpMeterBand DscpRemark(uint rate, byte precLevel, uint burstSize = 0) =>
        new() { Type = MeterBandType.DscpRemark, Rate = rate, BurstSize = burstSize, PrecLevel = precLevel };

    /// <inheritdoc/>
    public bool Equals(OfpMeterBand? other) =>
        other is not null && other.Type == Type && other.Rate == Rate && other.BurstSize == BurstSize && other.PrecLevel == PrecLevel &&
        other.ExperimenterId == ExperimenterId && Wire.BytesEqual(other.ExperimenterData, ExperimenterData);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OfpMeterBand);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Rate, BurstSize, PrecLevel, ExperimenterId);

    /// <inheritdoc/>
    public override string ToString() => $"{Type}(rate={Rate},burst={BurstSize},prec={PrecLevel})";

    internal static int ListLength(List<OfpMeterBand> bands)
    {
        int n = 0;
        foreach (var b in bands)
        {
            n += b.WireLength;
        }

        return n;
    }

    internal static int WriteList(Span<byte> dest, List<OfpMeterBand> bands)
    {
        int off = 0;
        foreach (var b in bands)
        {
            int len = b.WireLength;
            var d = dest.Slice(off, len);
            d.Clear();
            BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)b.Type);
            BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)len);
            BinaryPrimitives.WriteUInt32BigEndian(d[4..], b.Rate);
            BinaryPrimitives.WriteUInt32BigEndian(d[8..], b.BurstSize);
            switch (b.Type)
            {
                case MeterBandType.DscpRemark:
                    d[12] = b.PrecLevel;
                    break;
                case MeterBandType.Experimenter:
                    BinaryPrimitives.WriteUInt32BigEndian(d[12..], b.ExperimenterId);
                    b.ExperimenterData.Span.CopyTo(d[16..]);
                    break;
                default:
                    break;
            }

            off += len;
        }

        return off;
    }

    /// <summary>Reads bands filling exactly <paramref name="src"/>; problems are OFPET_METER_MOD_FAILED / OFPMMFC_BAD_BAND.</summary>
    internal static void ReadList(ReadOnlySpan<byte> src, List<OfpMeterBand> into)
    {
        into.Clear();
        while (!src.IsEmpty)
        {
            if (src.Length < OfpConstants.MeterBandSize)
            {
                ThrowBadBand($"meter band truncated: {src.Length} bytes left");
            }

            var type = (MeterBandType)BinaryPrimitives.ReadUInt16BigEndian(src);
            int len = BinaryPrimitives.ReadUInt16BigEndian(src[2..]);
            if (len < OfpConstants.MeterBandSize || len > src.Length || len % 8 != 0)
            {
                ThrowBadBand($"meter band length {len} with {src.Length} bytes left");
            }

            var band = new OfpMeterBand
            {
                Type = type,
                Rate = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
                BurstSize = BinaryPrimitives.ReadUInt32BigEndian(src[8..]),
            };
            switch (type)
            {
                case MeterBandType.Drop:
                case MeterBandType.DscpRemark:
                    if (len != OfpConstants.MeterBandSize)
                    {
                        ThrowBadBand($"{type} band has length {len}, expected 16");
                    }

                    if (type == MeterBandType.DscpRemark)
                    {
                        band.PrecLevel = src[12];
                    }

                    break;
                case MeterBandType.Experimenter:
                    band.ExperimenterId = BinaryPrimitives.ReadUInt32BigEndian(src[12..]);
                    band.ExperimenterData = Wire.Copy(src[OfpConstants.MeterBandSize..len]);
                    break;
                default:
                    ThrowBadBand($"unknown meter band type {(ushort)type}");
                    break;
            }

            into.Add(band);
            src = src[len..];
        }
    }

    private static void ThrowBadBand(string message) =>
        OfpProtocolException.Throw(OfpErrorType.MeterModFailed, (ushort)MeterModFailedCode.BadBand, message);
}
