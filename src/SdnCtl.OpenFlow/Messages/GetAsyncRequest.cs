namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_GET_ASYNC_REQUEST (spec 7.3.10): asks for the asynchronous message filter. Header only.</summary>
public sealed class GetAsyncRequest : OfpMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.GetAsyncRequest;

    /// <inheritdoc/>
    protected override int BodyLength => 0;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Wire.Exact(body, 0, "GetAsyncRequest");

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => true;
}
