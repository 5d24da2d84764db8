using System.Buffers.Binary;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// OFPT_HELLO (spec 7.5.1). The header version is the highest version the sender supports; the
/// optional version bitmap element lists every supported version. HELLO is the one message decoded
/// whatever its header version, because version negotiation (spec 6.3.1) needs it.
/// </summary>
public sealed class Hello : OfpMessage
{
    /*
     * Spec 7.5.1
     * struct ofp_hello { struct ofp_header header; struct ofp_hello_elem_header elements[0]; };
     * struct ofp_hello_elem_header { uint16_t type; uint16_t length; };            4 bytes
     * struct ofp_hello_elem_versionbitmap {
     *     uint16_t type;      OFPHET_VERSIONBITMAP = 1
     *     uint16_t length;    4 + 4 * number of bitmaps, excluding padding
     *     uint32_t bitmaps[0];  bit n of bitmaps[n / 32] set = version n supported
     * };  each element padded to a multiple of 8 bytes
     */

    /// <summary>OFPHET_VERSIONBITMAP.</summary>
    public const ushort ElementVersionBitmap = 1;

    /// <summary>Header version: the highest version the sender supports.</summary>
    public byte Version { get; set; } = OfpConstants.Version;

    /// <summary>
    /// The version bitmap (bit n of <c>Bitmaps[n / 32]</c> means version n is supported). Empty
    /// when the hello carries no bitmap element; then only <see cref="Version"/> says anything.
    /// </summary>
    public List<uint> Bitmaps { get; set; } = [];

    /// <inheritdoc/>
    public override OfpType Type => OfpType.Hello;

    /// <inheritdoc/>
    protected override byte WireVersion => Version;

    /// <inheritdoc/>
    protected override int BodyLength =>
        Bitmaps.Count == 0 ? 0 : OxmCodec.Pad8(OfpConstants.HelloElemHeaderSize + (4 * Bitmaps.Count));

    /// <summary>A hello advertising exactly <paramref name="versions"/>; the header carries the highest.</summary>
    public static Hello ForVersions(params byte[] versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentOutOfRangeException.ThrowIfZero(versions.Length);
        byte max = versions.Max();
        var hello = new Hello { Version = max };
        for (int i = 0; i <= max / 32; i++)
        {
            hello.Bitmaps.Add(0);
        }

        foreach (byte v in versions)
        {
            hello.Bitmaps[v / 32] |= 1u << (v % 32);
        }

        return hello;
    }

    /// <summary>
    /// Whether this hello says its sender supports <paramref name="version"/>: the bitmap bit when
    /// there is a bitmap, otherwise only the header version.
    /// </summary>
    public bool SupportsVersion(byte version)
    {
        if (Bitmaps.Count == 0)
        {
            return version == Version;
        }

        int word = version / 32;
        return word < Bitmaps.Count && (Bitmaps[word] & (1u << (version % 32))) != 0;
    }

    /// <summary>
    /// Version negotiation (spec 6.3.1): when both hellos carry bitmaps with common bits, the
    /// highest common version; otherwise the smaller header version. Null when the result is one
    /// that <paramref name="local"/> does not support — then the receiver must answer
    /// OFPET_HELLO_FAILED / OFPHFC_INCOMPATIBLE.
    /// </summary>
    public static byte? Negotiate(Hello local, Hello remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (local.Bitmaps.Count > 0 && remote.Bitmaps.Count > 0)
        {
            int words = Math.Min(local.Bitmaps.Count, remote.Bitmaps.Count);
            for (int w = words - 1; w >= 0; w--)
            {
                uint common = local.Bitmaps[w] & remote.Bitmaps[w];
                if (common != 0)
                {
                    return (byte)((w * 32) + 31 - System.Numerics.BitOperations.LeadingZeroCount(common));
                }
            }
        }

        byte v = Math.Min(local.Version, remote.Version);
        return local.SupportsVersion(v) ? v : null;
    }

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        if (Bitmaps.Count == 0)
        {
            return;
        }

        body.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(body, ElementVersionBitmap);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)(OfpConstants.HelloElemHeaderSize + (4 * Bitmaps.Count)));
        for (int i = 0; i < Bitmaps.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body[(4 + (4 * i))..], Bitmaps[i]);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The codec sets <see cref="Version"/> from the header first.</remarks>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Bitmaps.Clear();

        // Hello elements exist from 1.3 (0x04) on; earlier versions must ignore the body (spec 6.3.1).
        if (Version < OfpConstants.Version)
        {
            return;
        }

        bool haveBitmap = false;
        while (!body.IsEmpty)
        {
            if (body.Length < OfpConstants.HelloElemHeaderSize)
            {
                Wire.ThrowBadLen($"hello element header truncated: {body.Length} bytes left");
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(body);
            int length = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
            if (length < OfpConstants.HelloElemHeaderSize || length > body.Length)
            {
                Wire.ThrowBadLen($"hello element length {length} with {body.Length} bytes left");
            }

            // Unknown element types are skipped (spec 7.5.1); only the first bitmap counts.
            if (type == ElementVersionBitmap && !haveBitmap)
            {
                if ((length - OfpConstants.HelloElemHeaderSize) % 4 != 0)
                {
                    Wire.ThrowBadLen($"version bitmap length {length} is not 4 + 4n");
                }

                for (int off = OfpConstants.HelloElemHeaderSize; off < length; off += 4)
                {
                    Bitmaps.Add(BinaryPrimitives.ReadUInt32BigEndian(body[off..]));
                }

                haveBitmap = true;
            }

            // The last element's padding may be missing in the wild; tolerate that, nothing else.
            body = body[Math.Min(OxmCodec.Pad8(length), body.Length)..];
        }
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is Hello h && h.Version == Version && Wire.ListEqual(h.Bitmaps, Bitmaps);

    /// <inheritdoc/>
    public override string ToString() => $"HELLO xid={Xid} version={Version} bitmaps=[{string.Join(',', Bitmaps.Select(b => $"0x{b:x}"))}]";
}
