using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>A group table entry (spec 5.6): id, type, buckets and counters.</summary>
public sealed class Group
{
    internal Group(uint id, GroupType type, IReadOnlyList<OfpBucket> buckets, long createdTimestamp)
    {
        Id = id;
        CreatedTimestamp = createdTimestamp;
        Set(type, buckets);
    }

    /// <summary>Group id.</summary>
    public uint Id { get; }

    /// <summary>Group type.</summary>
    public GroupType Type { get; private set; }

    /// <summary>The buckets (private copies).</summary>
    public IReadOnlyList<OfpBucket> Buckets { get; private set; } = [];

    /// <summary>Packets processed.</summary>
    public ulong PacketCount { get; internal set; }

    /// <summary>Bytes processed.</summary>
    public ulong ByteCount { get; internal set; }

    /// <summary>Per-bucket packet counts.</summary>
    public ulong[] BucketPacketCounts { get; private set; } = [];

    /// <summary>Per-bucket byte counts.</summary>
    public ulong[] BucketByteCounts { get; private set; } = [];

    /// <summary>When the group was added, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long CreatedTimestamp { get; }

    internal OfpAction[][] BucketActions { get; private set; } = [];

    internal int TotalWeight { get; private set; }

    /// <summary>True when a bucket forwards to <paramref name="groupId"/>.</summary>
    public bool ChainsTo(uint groupId) =>
        BucketActions.Any(b => b.Any(a => a.Type == OfpActionType.Group && a.Argument == groupId));

    /// <summary>The group ids the buckets forward to.</summary>
    public IEnumerable<uint> ChainedGroups =>
        BucketActions.SelectMany(b => b).Where(a => a.Type == OfpActionType.Group).Select(a => a.Argument).Distinct();

    /// <inheritdoc/>
    public override string ToString() => $"group {Id} {Type} buckets={Buckets.Count}";

    /// <summary>GROUP_MOD modify: new type and buckets, counters kept.</summary>
    internal void Set(GroupType type, IReadOnlyList<OfpBucket> buckets)
    {
        Type = type;
        Buckets = buckets.Select(b => new OfpBucket
        {
            Weight = b.Weight,
            WatchPort = b.WatchPort,
            WatchGroup = b.WatchGroup,
            Actions = [.. b.Actions],
        }).ToArray();
        BucketActions = buckets.Select(b => b.Actions.ToArray()).ToArray();
        BucketPacketCounts = new ulong[buckets.Count];
        BucketByteCounts = new ulong[buckets.Count];
        TotalWeight = buckets.Sum(b => (int)b.Weight);
    }

    internal static bool Watches(OfpBucket bucket) => bucket.WatchPort != OfpPortNo.Any || bucket.WatchGroup != OfpConstants.GroupAny;
}
