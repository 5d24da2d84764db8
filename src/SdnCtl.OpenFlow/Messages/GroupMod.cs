using System.Buffers.Binary;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_GROUP_MOD (spec 7.3.4.2): adds, modifies or deletes a group.</summary>
public sealed class GroupMod : OfpMessage
{
    /*
     * Spec 7.3.4.2
     * struct ofp_group_mod {
     *     struct ofp_header header;
     *     uint16_t command;        offset 8, OFPGC_*
     *     uint8_t type;            10, OFPGT_*
     *     uint8_t pad;             11
     *     uint32_t group_id;       12
     *     struct ofp_bucket buckets[0];  16
     * };                           16 bytes
     */

    private const int FixedSize = OfpConstants.GroupModSize - OfpConstants.HeaderSize;

    /// <summary>Add, modify or delete.</summary>
    public GroupModCommand Command { get; set; }

    /// <summary>Group type.</summary>
    public GroupType GroupType { get; set; }

    /// <summary>Group id (OFPG_ALL for delete-all).</summary>
    public uint GroupId { get; set; }

    /// <summary>Buckets.</summary>
    public List<OfpBucket> Buckets { get; set; } = [];

    /// <inheritdoc/>
    public override OfpType Type => OfpType.GroupMod;

    /// <inheritdoc/>
    protected override int BodyLength => FixedSize + OfpBucket.ListLength(Buckets);

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)Command);
        body[2] = (byte)GroupType;
        body[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], GroupId);
        OfpBucket.WriteList(body[FixedSize..], Buckets);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize, "GROUP_MOD");
        ushort command = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (command > (ushort)GroupModCommand.Delete)
        {
            OfpProtocolException.Throw(OfpErrorType.GroupModFailed, (ushort)GroupModFailedCode.BadCommand, $"unknown GROUP_MOD command {command}");
        }

        if (body[2] > (byte)GroupType.FastFailover)
        {
            OfpProtocolException.Throw(OfpErrorType.GroupModFailed, (ushort)GroupModFailedCode.BadType, $"unknown group type {body[2]}");
        }

        Command = (GroupModCommand)command;
        GroupType = (GroupType)body[2];
        GroupId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        OfpBucket.ReadList(body[FixedSize..], Buckets);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is GroupMod g && g.Command == Command && g.GroupType == GroupType && g.GroupId == GroupId && Wire.ListEqual(g.Buckets, Buckets);

    /// <inheritdoc/>
    public override string ToString() => $"GROUP_MOD xid={Xid} {Command} {GroupType} group={GroupId} buckets={Buckets.Count}";
}
