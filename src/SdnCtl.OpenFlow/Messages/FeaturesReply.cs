using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_FEATURES_REPLY (spec 7.3.1): the switch's datapath id, buffers, tables and capabilities.</summary>
public sealed class FeaturesReply : OfpMessage
{
    /*
     * Spec 7.3.1
     * struct ofp_switch_features {
     *     struct ofp_header header;
     *     uint64_t datapath_id;     offset 8
     *     uint32_t n_buffers;       16
     *     uint8_t n_tables;         20
     *     uint8_t auxiliary_id;     21
     *     uint8_t pad[2];           22
     *     uint32_t capabilities;    24
     *     uint32_t reserved;        28
     * };                            32 bytes
     */

    private const int Size = OfpConstants.SwitchFeaturesSize - OfpConstants.HeaderSize;

    /// <summary>Datapath id: lower 48 bits a MAC address, upper 16 implementer-defined.</summary>
    public ulong DatapathId { get; set; }

    /// <summary>Maximum number of packets buffered at once.</summary>
    public uint NBuffers { get; set; }

    /// <summary>Number of flow tables.</summary>
    public byte NTables { get; set; }

    /// <summary>0 for the main connection, otherwise the auxiliary connection id.</summary>
    public byte AuxiliaryId { get; set; }

    /// <summary>Supported capabilities.</summary>
    public SwitchCapabilities Capabilities { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.FeaturesReply;

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64BigEndian(body, DatapathId);
        BinaryPrimitives.WriteUInt32BigEndian(body[8..], NBuffers);
        body[12] = NTables;
        body[13] = AuxiliaryId;
        body[14] = 0;
        body[15] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], (uint)Capabilities);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], 0);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, "FEATURES_REPLY");
        DatapathId = BinaryPrimitives.ReadUInt64BigEndian(body);
        NBuffers = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
        NTables = body[12];
        AuxiliaryId = body[13];
        Capabilities = (SwitchCapabilities)BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is FeaturesReply f && f.DatapathId == DatapathId && f.NBuffers == NBuffers && f.NTables == NTables &&
        f.AuxiliaryId == AuxiliaryId && f.Capabilities == Capabilities;

    /// <inheritdoc/>
    public override string ToString() => $"FEATURES_REPLY xid={Xid} dpid={DatapathId:x16} tables={NTables} aux={AuxiliaryId}";
}
