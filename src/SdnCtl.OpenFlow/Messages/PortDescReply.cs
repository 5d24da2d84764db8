namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_PORT_DESC reply (spec 7.3.5.7): an array of <c>struct ofp_port</c>.</summary>
public sealed class PortDescReply : MultipartReply
{
    /// <summary>Every port of the switch.</summary>
    public List<OfpPort> Ports { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.PortDesc;

    /// <inheritdoc/>
    protected override int PayloadLength => EntryList.Length(Ports);

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => EntryList.Write(payload, Ports);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => EntryList.Read(payload, Ports);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is PortDescReply r && Wire.ListEqual(r.Ports, Ports);
}
