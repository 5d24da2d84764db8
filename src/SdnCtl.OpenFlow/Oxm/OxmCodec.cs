using System.Buffers.Binary;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Oxm;

/// <summary>Reads and writes single OXM TLVs and whole <c>ofp_match</c> structures.</summary>
public static class OxmCodec
{
    /// <summary>OFPMT_OXM.</summary>
    public const ushort MatchTypeOxm = 1;

    /*
     * Spec 7.2.3.2 OXM TLV header:
     *   | oxm_class (16) | oxm_field (7) | hasmask (1) | oxm_length (8) |
     * followed by oxm_length bytes: value, then mask when hasmask.
     */

    /// <summary>Writes <paramref name="entry"/> at the start of <paramref name="dest"/>; returns bytes written.</summary>
    public static int Write(Span<byte> dest, in OxmEntry entry)
    {
        int width = OxmFields.Width(entry.Field);
        int payload = entry.HasMask ? width * 2 : width;
        BinaryPrimitives.WriteUInt16BigEndian(dest, OxmFields.ClassOpenFlowBasic);
        dest[2] = (byte)(((byte)entry.Field << 1) | (entry.HasMask ? 1 : 0));
        dest[3] = (byte)payload;
        WriteValue(dest.Slice(4, width), entry.Value);
        if (entry.HasMask)
        {
            WriteValue(dest.Slice(4 + width, width), entry.Mask);
        }

        return 4 + payload;
    }

    /// <summary>
    /// Reads one OXM TLV from <paramref name="src"/> (which holds exactly the remaining OXM bytes of
    /// a match); throws <see cref="OfpProtocolException"/> with an OFPET_BAD_MATCH code when invalid.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> src, out OxmEntry entry)
    {
        if (src.Length < OfpConstants.OxmHeaderSize)
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadLen, "OXM header truncated");
        }

        ushort oxmClass = BinaryPrimitives.ReadUInt16BigEndian(src);
        byte fieldAndMask = src[2];
        int length = src[3];
        if (OfpConstants.OxmHeaderSize + length > src.Length)
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadLen, "OXM length runs past the match");
        }

        if (oxmClass != OxmFields.ClassOpenFlowBasic)
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadField, $"unsupported OXM class 0x{oxmClass:x4}");
        }

        var field = (OxmFieldId)(fieldAndMask >> 1);
        bool hasMask = (fieldAndMask & 1) != 0;
        if (!OxmFields.IsDefined(field))
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadField, $"unknown OXM field {(byte)field}");
        }

        int width = OxmFields.Width(field);
        if (length != (hasMask ? width * 2 : width))
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadLen, $"OXM {field} has length {length}, expected {(hasMask ? width * 2 : width)}");
        }

        if (hasMask && !OxmFields.IsMaskable(field))
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadMask, $"OXM {field} cannot be masked");
        }

        UInt128 value = ReadValue(src.Slice(4, width));
        UInt128 full = OxmFields.FullMask(field);
        if ((value & ~full) != 0)
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadValue, $"OXM {field} value has bits outside its {OxmFields.BitWidth(field)}-bit width");
        }

        if (hasMask)
        {
            UInt128 mask = ReadValue(src.Slice(4 + width, width));
            if ((mask & ~full) != 0)
            {
                OfpProtocolException.ThrowBadMatch(BadMatchCode.BadMask, $"OXM {field} mask has bits outside the field");
            }

            if ((value & ~mask) != 0)
            {
                OfpProtocolException.ThrowBadMatch(BadMatchCode.BadWildcards, $"OXM {field} value has 1-bits where the mask has 0-bits");
            }

            entry = new OxmEntry(field, value, mask, true);
        }
        else
        {
            entry = new OxmEntry(field, value, full, false);
        }

        return OfpConstants.OxmHeaderSize + length;
    }

    /// <summary>Size of an ofp_match holding <paramref name="fields"/>, padded to 8 bytes.</summary>
    public static int MatchLength(ReadOnlySpan<OxmEntry> fields) => Pad8(MatchUnpaddedLength(fields));

    /// <summary>The match's own length field value (without trailing padding).</summary>
    public static int MatchUnpaddedLength(ReadOnlySpan<OxmEntry> fields)
    {
        int len = OfpConstants.MatchHeaderSize;
        foreach (ref readonly var f in fields)
        {
            len += f.WireLength;
        }

        return len;
    }

    /*
     * Spec 7.2.3.1 struct ofp_match { uint16_t type; uint16_t length; uint8_t oxm_fields[0]; uint8_t pad[4]; }
     * length excludes the padding; the structure is padded to a multiple of 8.
     */

    /// <summary>Writes an OXM ofp_match with padding; returns bytes written (a multiple of 8).</summary>
    public static int WriteMatch(Span<byte> dest, ReadOnlySpan<OxmEntry> fields)
    {
        // The fields first, the header after: the length is what was written, so the list is walked once.
        int off = OfpConstants.MatchHeaderSize;
        foreach (ref readonly var f in fields)
        {
            off += Write(dest[off..], f);
        }

        int padded = Pad8(off);
        BinaryPrimitives.WriteUInt16BigEndian(dest, MatchTypeOxm);
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], (ushort)off);
        dest[off..padded].Clear();
        return padded;
    }

    /// <summary>
    /// Reads an ofp_match at the start of <paramref name="src"/> into <paramref name="into"/> (cleared
    /// first); returns the bytes consumed including padding. Rejects duplicates (OFPBMC_DUP_FIELD).
    /// </summary>
    public static int ReadMatch(ReadOnlySpan<byte> src, List<OxmEntry> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        if (src.Length < OfpConstants.EmptyMatchSize)
        {
            OfpProtocolException.ThrowBadRequest(BadRequestCode.BadLen, "ofp_match truncated");
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(src);
        int length = BinaryPrimitives.ReadUInt16BigEndian(src[2..]);
        if (type != MatchTypeOxm)
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadType, $"match type {type} is not OFPMT_OXM");
        }

        if (length < OfpConstants.MatchHeaderSize || Pad8(length) > src.Length)
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadLen, $"match length {length} does not fit the message");
        }

        ulong seen = 0;
        var oxms = src[OfpConstants.MatchHeaderSize..length];
        if (into.Capacity == 0)
        {
            // Sized to the match before the first Add: a fresh list's first growth makes room for
            // four entries (64 bytes each), and most matches read here, a PACKET_IN's in_port above
            // all, have one. That array was most of what decoding a packet-in allocated.
            into.Capacity = CountOxms(oxms);
        }

        while (!oxms.IsEmpty)
        {
            int n = Read(oxms, out var e);
            ulong bit = 1UL << (byte)e.Field;
            if ((seen & bit) != 0)
            {
                OfpProtocolException.ThrowBadMatch(BadMatchCode.DupField, $"OXM {e.Field} appears twice");
            }

            seen |= bit;
            into.Add(e);
            oxms = oxms[n..];
        }

        return Pad8(length);
    }

    /// <summary>How many OXM headers <paramref name="oxms"/> holds, by their lengths alone (a capacity hint; Read validates).</summary>
    private static int CountOxms(ReadOnlySpan<byte> oxms)
    {
        int count = 0;
        while (oxms.Length >= OfpConstants.OxmHeaderSize)
        {
            count++;
            oxms = oxms[Math.Min(oxms.Length, OfpConstants.OxmHeaderSize + oxms[3])..];
        }

        return count;
    }

    /// <summary>Rounds up to the next multiple of 8.</summary>
    public static int Pad8(int length) => (length + 7) & ~7;

    /// <summary>Writes the low <c>dest.Length</c> bytes of <paramref name="value"/> big-endian.</summary>
    public static void WriteValue(Span<byte> dest, UInt128 value)
    {
        switch (dest.Length)
        {
            case 1: dest[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)value); break;
            case 3:
                uint v3 = (uint)value;
                dest[0] = (byte)(v3 >> 16);
                BinaryPrimitives.WriteUInt16BigEndian(dest[1..], (ushort)v3);
                break;
            case 4: BinaryPrimitives.WriteUInt32BigEndian(dest, (uint)value); break;
            case 6:
                // MACs: the commonest odd width; UInt128 shifts are software, so go through ulong.
                ulong v6 = (ulong)value;
                BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)(v6 >> 32));
                BinaryPrimitives.WriteUInt32BigEndian(dest[2..], (uint)v6);
                break;
            case 8: BinaryPrimitives.WriteUInt64BigEndian(dest, (ulong)value); break;
            case 16: BinaryPrimitives.WriteUInt128BigEndian(dest, value); break;
            default:
                ulong v = (ulong)value;
                for (int i = dest.Length - 1; i >= 0; i--)
                {
                    dest[i] = (byte)v;
                    v >>= 8;
                }

                break;
        }
    }

    /// <summary>Reads a big-endian unsigned integer of <c>src.Length</c> (≤ 16) bytes.</summary>
    public static UInt128 ReadValue(ReadOnlySpan<byte> src)
    {
        switch (src.Length)
        {
            case 1: return src[0];
            case 2: return BinaryPrimitives.ReadUInt16BigEndian(src);
            case 3: return ((uint)src[0] << 16) | BinaryPrimitives.ReadUInt16BigEndian(src[1..]);
            case 4: return BinaryPrimitives.ReadUInt32BigEndian(src);
            case 6: return ((ulong)BinaryPrimitives.ReadUInt16BigEndian(src) << 32) | BinaryPrimitives.ReadUInt32BigEndian(src[2..]);
            case 8: return BinaryPrimitives.ReadUInt64BigEndian(src);
            case 16: return BinaryPrimitives.ReadUInt128BigEndian(src);
            default:
                ulong v = 0;
                foreach (byte b in src)
                {
                    v = (v << 8) | b;
                }

                return v;
        }
    }
}
