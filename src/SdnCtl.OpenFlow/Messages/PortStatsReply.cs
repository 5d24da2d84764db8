namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_PORT_STATS reply (spec 7.3.5.5): an array of <c>struct ofp_port_stats</c>.</summary>
public sealed class PortStatsReply : MultipartReply
{
    /// <summary>One entry per port.</summary>
    public List<PortStatsEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.PortStats;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is PortStatsReply r && Wire.ListEqual(r.Entries, Entries);
}
