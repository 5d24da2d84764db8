using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One group in an OFPMP_GROUP_DESC reply (spec 7.3.5.11, <c>struct ofp_group_desc</c>).</summary>
public sealed class GroupDescEntry : IWireEntry<GroupDescEntry>, IEquatable<GroupDescEntry>
{
    /*
     * Spec 7.3.5.11
     * struct ofp_group_desc {
     *     uint16_t length;     0, including buckets
     *     uint8_t type;        2, OFPGT_*
     *     uint8_t pad;         3
     *     uint32_t group_id;   4
     *     struct ofp_bucket buckets[0];  8
     * };                       8 bytes
     */

    private const int FixedSize = 8;

    /// <summary>Group type.</summary>
    public GroupType GroupType { get; set; }

    /// <summary>Group id.</summary>
    public uint GroupId { get; set; }

    /// <summary>Buckets.</summary>
    public List<OfpBucket> Buckets { get; set; } = [];

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => FixedSize + OfpBucket.ListLength(Buckets);

    /// <inheritdoc/>
    int IWireEntry<GroupDescEntry>.WriteEntry(Span<byte> dest)
    {
        int len = WireLength;
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)len);
        dest[2] = (byte)GroupType;
        dest[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], GroupId);
        OfpBucket.WriteList(dest[FixedSize..], Buckets);
        return len;
    }

    /// <inheritdoc/>
    static int IWireEntry<GroupDescEntry>.ReadEntry(ReadOnlySpan<byte> src, out GroupDescEntry entry)
    {
        int len = EntryList.VariableLength(src, 0, FixedSize, "ofp_group_desc");
        entry = new GroupDescEntry
        {
            GroupType = (GroupType)src[2],
            GroupId = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
        };
        OfpBucket.ReadList(src[FixedSize..len], entry.Buckets);
        return len;
    }

    /// <inheritdoc/>
    public bool Equals(GroupDescEntry? other) =>
        other is not null && other.GroupType == GroupType && other.GroupId == GroupId && Wire.ListEqual(other.Buckets, Buckets);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GroupDescEntry);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GroupType, GroupId, Buckets.Count);
}
