using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_TABLE_MOD (spec 7.3.3): table configuration (in 1.3 only deprecated bits remain).</summary>
public sealed class TableMod : OfpMessage
{
    /*
     * Spec 7.3.3
     * struct ofp_table_mod {
     *     struct ofp_header header;
     *     uint8_t table_id;   offset 8, OFPTT_ALL for all tables
     *     uint8_t pad[3];     9
     *     uint32_t config;    12, OFPTC_* (OFPTC_DEPRECATED_MASK = 3)
     * };                      16 bytes
     */

    private const int Size = OfpConstants.TableModSize - OfpConstants.HeaderSize;

    /// <summary>Table to configure, or OFPTT_ALL.</summary>
    public byte TableId { get; set; }

    /// <summary>Table config bitmap.</summary>
    public uint Config { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.TableMod;

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        body[..4].Clear();
        body[0] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], Config);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, "TABLE_MOD");
        TableId = body[0];
        Config = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => other is TableMod t && t.TableId == TableId && t.Config == Config;
}
