using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// A switch port description (spec 7.2.1, <c>struct ofp_port</c>), carried by PORT_STATUS and
/// the PORT_DESC multipart reply. Always <see cref="OfpConstants.PortSize"/> bytes on the wire.
/// </summary>
public sealed record class OfpPort : IWireEntry<OfpPort>
{
    /*
     * Spec 7.2.1
     * struct ofp_port {
     *     uint32_t port_no;        offset 0
     *     uint8_t pad[4];          4
     *     uint8_t hw_addr[6];      8
     *     uint8_t pad2[2];         14
     *     char name[16];           16, NUL-terminated
     *     uint32_t config;         32, OFPPC_*
     *     uint32_t state;          36, OFPPS_*
     *     uint32_t curr;           40, OFPPF_* current features
     *     uint32_t advertised;     44
     *     uint32_t supported;      48
     *     uint32_t peer;           52
     *     uint32_t curr_speed;     56, kbps
     *     uint32_t max_speed;      60, kbps
     * };                           64 bytes
     */

    /// <summary>Port number.</summary>
    public uint PortNo { get; set; }

    /// <summary>MAC address as a 48-bit number (first octet in the high byte).</summary>
    public ulong HwAddr { get; set; }

    /// <summary>Port name; at most 15 characters survive encoding (the 16th byte is the NUL).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Administrative settings.</summary>
    public PortConfig Config { get; set; }

    /// <summary>Link state.</summary>
    public PortState State { get; set; }

    /// <summary>Current features.</summary>
    public PortFeatures Curr { get; set; }

    /// <summary>Features advertised by the port.</summary>
    public PortFeatures Advertised { get; set; }

    /// <summary>Features supported by the port.</summary>
    public PortFeatures Supported { get; set; }

    /// <summary>Features advertised by the peer.</summary>
    public PortFeatures Peer { get; set; }

    /// <summary>Current bit rate in kbps.</summary>
    public uint CurrSpeed { get; set; }

    /// <summary>Maximum bit rate in kbps.</summary>
    public uint MaxSpeed { get; set; }

    /// <summary>Writes the 64-byte structure.</summary>
    public void WriteTo(Span<byte> dest)
    {
        var d = dest[..OfpConstants.PortSize];
        d.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d, PortNo);
        WriteMac(d[8..], HwAddr);
        Wire.WriteString(d.Slice(16, OfpConstants.MaxPortNameLength), Name);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], (uint)Config);
        BinaryPrimitives.WriteUInt32BigEndian(d[36..], (uint)State);
        BinaryPrimitives.WriteUInt32BigEndian(d[40..], (uint)Curr);
        BinaryPrimitives.WriteUInt32BigEndian(d[44..], (uint)Advertised);
        BinaryPrimitives.WriteUInt32BigEndian(d[48..], (uint)Supported);
        BinaryPrimitives.WriteUInt32BigEndian(d[52..], (uint)Peer);
        BinaryPrimitives.WriteUInt32BigEndian(d[56..], CurrSpeed);
        BinaryPrimitives.WriteUInt32BigEndian(d[60..], MaxSpeed);
    }

    /// <summary>Reads the 64-byte structure; <paramref name="src"/> must hold at least 64 bytes.</summary>
    public static OfpPort Read(ReadOnlySpan<byte> src)
    {
        Wire.AtLeast(src, OfpConstants.PortSize, "ofp_port");
        return new OfpPort
        {
            PortNo = BinaryPrimitives.ReadUInt32BigEndian(src),
            HwAddr = ReadMac(src[8..]),
            Name = Wire.ReadString(src.Slice(16, OfpConstants.MaxPortNameLength)),
            Config = (PortConfig)BinaryPrimitives.ReadUInt32BigEndian(src[32..]),
            State = (PortState)BinaryPrimitives.ReadUInt32BigEndian(src[36..]),
            Curr = (PortFeatures)BinaryPrimitives.ReadUInt32BigEndian(src[40..]),
            Advertised = (PortFeatures)BinaryPrimitives.ReadUInt32BigEndian(src[44..]),
            Supported = (PortFeatures)BinaryPrimitives.ReadUInt32BigEndian(src[48..]),
            Peer = (PortFeatures)BinaryPrimitives.ReadUInt32BigEndian(src[52..]),
            CurrSpeed = BinaryPrimitives.ReadUInt32BigEndian(src[56..]),
            MaxSpeed = BinaryPrimitives.ReadUInt32BigEndian(src[60..]),
        };
    }

    /// <inheritdoc/>
    int IWireEntry<OfpPort>.WireLength => OfpConstants.PortSize;

    /// <inheritdoc/>
    int IWireEntry<OfpPort>.WriteEntry(Span<byte> dest)
    {
        WriteTo(dest);
        return OfpConstants.PortSize;
    }

    /// <inheritdoc/>
    static int IWireEntry<OfpPort>.ReadEntry(ReadOnlySpan<byte> src, out OfpPort entry)
    {
        entry = Read(src);
        return OfpConstants.PortSize;
    }

    /// <summary>Writes a 48-bit MAC big-endian into 6 bytes.</summary>
    internal static void WriteMac(Span<byte> dest, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(dest[2..], (uint)mac);
    }

    /// <summary>Reads 6 bytes as a 48-bit MAC.</summary>
    internal static ulong ReadMac(ReadOnlySpan<byte> src) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(src) << 32) | BinaryPrimitives.ReadUInt32BigEndian(src[2..]);
}
