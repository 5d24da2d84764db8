namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_GET_CONFIG_REQUEST (spec 7.3.2): asks for the switch configuration. Header only.</summary>
public sealed class GetConfigRequest : OfpMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.GetConfigRequest;

    /// <inheritdoc/>
    protected override int BodyLength => 0;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Wire.Exact(body, 0, "GetConfigRequest");

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => true;
}
