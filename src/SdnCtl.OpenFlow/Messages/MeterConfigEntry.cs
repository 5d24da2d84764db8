using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One meter in an OFPMP_METER_CONFIG reply (spec 7.3.5.14, <c>struct ofp_meter_config</c>).</summary>
public sealed class MeterConfigEntry : IWireEntry<MeterConfigEntry>, IEquatable<MeterConfigEntry>
{
    /*
     * Spec 7.3.5.14
     * struct ofp_meter_config {
     *     uint16_t length;     0, including bands
     *     uint16_t flags;      2, OFPMF_*
     *     uint32_t meter_id;   4
     *     struct ofp_meter_band_header bands[0];  8
     * };                       8 bytes
     */

    private const int FixedSize = 8;

    /// <summary>Meter flags.</summary>
    public MeterFlags Flags { get; set; }

    /// <summary>Meter id.</summary>
    public uint MeterId { get; set; }

    /// <summary>Bands.</summary>
    public List<OfpMeterBand> Bands { get; set; } = [];

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => FixedSize + OfpMeterBand.ListLength(Bands);

    /// <inheritdoc/>
    int IWireEntry<MeterConfigEntry>.WriteEntry(Span<byte> dest)
    {
        int len = WireLength;
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)len);
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], MeterId);
        OfpMeterBand.WriteList(dest[FixedSize..], Bands);
        return len;
    }

    /// <inheritdoc/>
    static int IWireEntry<MeterConfigEntry>.ReadEntry(ReadOnlySpan<byte> src, out MeterConfigEntry entry)
    {
        int len = EntryList.VariableLength(src, 0, FixedSize, "ofp_meter_config");
        entry = new MeterConfigEntry
        {
            Flags = (MeterFlags)BinaryPrimitives.ReadUInt16BigEndian(src[2..]),
            MeterId = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
        };
        OfpMeterBand.ReadList(src[FixedSize..len], entry.Bands);
        return len;
    }

    /// <inheritdoc/>
    public bool Equals(MeterConfigEntry? other) =>
        other is not null && other.Flags == Flags && other.MeterId == MeterId && Wire.ListEqual(other.Bands, Bands);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MeterConfigEntry);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Flags, MeterId, Bands.Count);
}
