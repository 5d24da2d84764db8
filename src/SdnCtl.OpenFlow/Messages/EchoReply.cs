namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_ECHO_REPLY (spec 7.5.3): answer to an echo request, carrying its payload.</summary>
public sealed class EchoReply : OfpMessage
{
    /// <summary>The payload of the request.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.EchoReply;

    /// <inheritdoc/>
    protected override int BodyLength => Data.Length;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body) => Data.Span.CopyTo(body);

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Data = Wire.Copy(body);

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => other is EchoReply e && Wire.BytesEqual(e.Data, Data);
}
