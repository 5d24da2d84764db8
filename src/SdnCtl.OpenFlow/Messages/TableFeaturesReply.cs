namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// OFPMP_TABLE_FEATURES reply (spec 7.3.5.18). The array of <c>struct ofp_table_features</c>
/// with its property TLVs is carried opaquely.
/// </summary>
public sealed class TableFeaturesReply : MultipartReply
{
    /// <summary>The encoded <c>ofp_table_features</c> array.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.TableFeatures;

    /// <inheritdoc/>
    protected override int PayloadLength => Body.Length;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) => Body.Span.CopyTo(payload);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Body = Wire.Copy(payload);

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) => other is TableFeaturesReply t && Wire.BytesEqual(t.Body, Body);
}
