namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_DESC request (spec 7.3.5.1): asks for the switch description. Empty payload.</summary>
public sealed class DescRequest : MultipartRequest
{
    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Desc;

    /// <inheritdoc/>
    protected override int PayloadLength => 0;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Wire.Exact(payload, 0, "DescRequest");

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => true;
}
