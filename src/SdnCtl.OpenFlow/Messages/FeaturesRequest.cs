namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_FEATURES_REQUEST (spec 7.3.1): asks the switch for its datapath id and capabilities. Header only.</summary>
public sealed class FeaturesRequest : OfpMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.FeaturesRequest;

    /// <inheritdoc/>
    protected override int BodyLength => 0;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Wire.Exact(body, 0, "FeaturesRequest");

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => true;
}
