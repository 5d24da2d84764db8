using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_PORT_MOD (spec 7.3.4.3): changes a port's administrative settings.</summary>
public sealed class PortMod : OfpMessage
{
    /*
     * Spec 7.3.4.3
     * struct ofp_port_mod {
     *     struct ofp_header header;
     *     uint32_t port_no;       offset 8
     *     uint8_t pad[4];         12
     *     uint8_t hw_addr[6];     16, must match the port's (sanity check)
     *     uint8_t pad2[2];        22
     *     uint32_t config;        24, OFPPC_* values to set
     *     uint32_t mask;          28, OFPPC_* bits to change
     *     uint32_t advertise;     32, OFPPF_* to advertise; 0 = unchanged
     *     uint8_t pad3[4];        36
     * };                          40 bytes
     */

    private const int Size = OfpConstants.PortModSize - OfpConstants.HeaderSize;

    /// <summary>Port to change.</summary>
    public uint PortNo { get; set; }

    /// <summary>The port's MAC as a 48-bit number.</summary>
    public ulong HwAddr { get; set; }

    /// <summary>New values of the bits selected by <see cref="Mask"/>.</summary>
    public PortConfig Config { get; set; }

    /// <summary>Which config bits to change.</summary>
    public PortConfig Mask { get; set; }

    /// <summary>Features to advertise; none = leave unchanged.</summary>
    public PortFeatures Advertise { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.PortMod;

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(body, PortNo);
        OfpPort.WriteMac(body[8..], HwAddr);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], (uint)Config);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], (uint)Mask);
        BinaryPrimitives.WriteUInt32BigEndian(body[24..], (uint)Advertise);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, "PORT_MOD");
        PortNo = BinaryPrimitives.ReadUInt32BigEndian(body);
        HwAddr = OfpPort.ReadMac(body[8..]);
        Config = (PortConfig)BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        Mask = (PortConfig)BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
        Advertise = (PortFeatures)BinaryPrimitives.ReadUInt32BigEndian(body[24..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is PortMod p && p.PortNo == PortNo && p.HwAddr == HwAddr && p.Config == Config && p.Mask == Mask && p.Advertise == Advertise;
}
