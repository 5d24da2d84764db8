namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_ECHO_REQUEST (spec 7.5.2): keep-alive / latency probe with arbitrary payload.</summary>
public sealed class EchoRequest : OfpMessage
{
    /// <summary>Arbitrary payload, echoed back in the reply.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.EchoRequest;

    /// <inheritdoc/>
    protected override int BodyLength => Data.Length;

    /// <summary>The matching reply: same xid, same payload.</summary>
    public EchoReply CreateReply() => new() { Xid = Xid, Data = Data };

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body) => Data.Span.CopyTo(body);

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body) => Data = Wire.Copy(body);

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) => other is EchoRequest e && Wire.BytesEqual(e.Data, Data);
}
