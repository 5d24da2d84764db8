namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_GROUP_DESC reply (spec 7.3.5.11): an array of <c>struct ofp_group_desc</c>.</summary>
public sealed class GroupDescReply : MultipartReply
{
    /// <summary>One entry per group.</summary>
    public List<GroupDescEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.GroupDesc;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is GroupDescReply r && Wire.ListEqual(r.Entries, Entries);
}
