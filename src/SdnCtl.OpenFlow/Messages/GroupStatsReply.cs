namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_GROUP reply (spec 7.3.5.10): an array of <c>struct ofp_group_stats</c>.</summary>
public sealed class GroupStatsReply : MultipartReply
{
    /// <summary>One entry per group.</summary>
    public List<GroupStatsEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Group;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is GroupStatsReply r && Wire.ListEqual(r.Entries, Entries);
}
