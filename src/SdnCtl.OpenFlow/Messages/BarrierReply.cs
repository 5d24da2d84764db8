namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_BARRIER_REPLY (spec 7.3.8): every message before the barrier request has been processed. Header only.</summary>
public sealed class BarrierReply : OfpMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.BarrierReply;

    /// <inheritdoc/>
    protected override int BodyLength => 0;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Wire.Exact(body, 0, "BarrierReply");

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => true;
}
