namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_TABLE request (spec 7.3.5.4): asks for per-table statistics. Empty payload.</summary>
public sealed class TableStatsRequest : MultipartRequest
{
    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Table;

    /// <inheritdoc/>
    protected override int PayloadLength => 0;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Wire.Exact(payload, 0, "TableStatsRequest");

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => true;
}
