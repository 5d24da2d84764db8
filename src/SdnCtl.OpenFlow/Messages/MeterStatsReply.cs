namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_METER reply (spec 7.3.5.13): an array of <c>struct ofp_meter_stats</c>.</summary>
public sealed class MeterStatsReply : MultipartReply
{
    /// <summary>One entry per meter.</summary>
    public List<MeterStatsEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Meter;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is MeterStatsReply r && Wire.ListEqual(r.Entries, Entries);
}
