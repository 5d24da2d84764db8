using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_GROUP_FEATURES reply (spec 7.3.5.12): supported group types, capabilities and limits.</summary>
public sealed class GroupFeaturesReply : MultipartReply
{
    /*
     * Spec 7.3.5.12
     * struct ofp_group_features {
     *     uint32_t types;           0, bitmap of 1 << OFPGT_*
     *     uint32_t capabilities;    4, OFPGFC_*
     *     uint32_t max_groups[4];   8, per group type
     *     uint32_t actions[4];      24, per group type: bitmap of 1 << OFPAT_*
     * };                            40 bytes
     */

    private const int Size = 40;

    /// <summary>Supported group types, bit n = <see cref="GroupType"/> n.</summary>
    public uint Types { get; set; }

    /// <summary>Group capabilities.</summary>
    public GroupCapabilities Capabilities { get; set; }

    /// <summary>Maximum number of groups for each group type (4 elements).</summary>
    public uint[] MaxGroups { get; set; } = new uint[4];

    /// <summary>Supported actions for each group type (4 elements, bitmaps of 1 &lt;&lt; OFPAT_*).</summary>
    public uint[] Actions { get; set; } = new uint[4];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.GroupFeatures;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        if (MaxGroups is not { Length: 4 } || Actions is not { Length: 4 })
        {
            throw new InvalidOperationException("MaxGroups and Actions must have exactly 4 elements (one per group type)");
        }

        BinaryPrimitives.WriteUInt32BigEndian(payload, Types);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], (uint)Capabilities);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload[(8 + (4 * i))..], MaxGroups[i]);
            BinaryPrimitives.WriteUInt32BigEndian(payload[(24 + (4 * i))..], Actions[i]);
        }
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "GroupFeaturesReply");
        Types = BinaryPrimitives.ReadUInt32BigEndian(payload);
        Capabilities = (GroupCapabilities)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        MaxGroups = new uint[4];
        Actions = new uint[4];
        for (int i = 0; i < 4; i++)
        {
            MaxGroups[i] = BinaryPrimitives.ReadUInt32BigEndian(payload[(8 + (4 * i))..]);
            Actions[i] = BinaryPrimitives.ReadUInt32BigEndian(payload[(24 + (4 * i))..]);
        }
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) =>
        other is GroupFeaturesReply g && g.Types == Types && g.Capabilities == Capabilities &&
        Wire.ArrayEqual(g.MaxGroups, MaxGroups) && Wire.ArrayEqual(g.Actions, Actions);
}
