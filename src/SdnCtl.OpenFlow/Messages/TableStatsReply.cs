namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_TABLE reply (spec 7.3.5.4): an array of <c>struct ofp_table_stats</c>.</summary>
public sealed class TableStatsReply : MultipartReply
{
    /// <summary>One entry per table.</summary>
    public List<TableStatsEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Table;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is TableStatsReply r && Wire.ListEqual(r.Entries, Entries);
}
