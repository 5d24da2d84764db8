namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_BARRIER_REQUEST (spec 7.3.8): the switch answers once every earlier message is processed. Header only.</summary>
public sealed class BarrierRequest : OfpMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.BarrierRequest;

    /// <inheritdoc/>
    protected override int BodyLength => 0;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Wire.Exact(body, 0, "BarrierRequest");

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => true;
}
