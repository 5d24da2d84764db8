namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_PORT_DESC request (spec 7.3.5.7): asks for every port's description. Empty payload.</summary>
public sealed class PortDescRequest : MultipartRequest
{
    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.PortDesc;

    /// <inheritdoc/>
    protected override int PayloadLength => 0;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Wire.Exact(payload, 0, "PortDescRequest");

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => true;
}
