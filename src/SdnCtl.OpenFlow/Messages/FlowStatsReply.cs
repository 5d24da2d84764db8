namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_FLOW reply (spec 7.3.5.2): the flows matching the request, an array of <c>struct ofp_flow_stats</c>.</summary>
public sealed class FlowStatsReply : MultipartReply
{
    /// <summary>The flows.</summary>
    public List<FlowStatsEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Flow;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is FlowStatsReply r && Wire.ListEqual(r.Entries, Entries);
}
