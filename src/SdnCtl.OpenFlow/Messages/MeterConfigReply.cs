namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_METER_CONFIG reply (spec 7.3.5.14): an array of <c>struct ofp_meter_config</c>.</summary>
public sealed class MeterConfigReply : MultipartReply
{
    /// <summary>One entry per meter.</summary>
    public List<MeterConfigEntry> Entries { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.MeterConfig;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Entries);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Entries);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Entries);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is MeterConfigReply r && Wire.ListEqual(r.Entries, Entries);
}
