namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_QUEUE reply (spec 7.3.5.6): an array of <c>struct ofp_queue_stats</c>.</summary>
public sealed class QueueStatsReply : MultipartReply
{
    /// <summary>One entry per queue.</summary>
    public List<QueueStatsEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Queue;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is QueueStatsReply r && Wire.ListEqual(r.Entries, Entries);
}
