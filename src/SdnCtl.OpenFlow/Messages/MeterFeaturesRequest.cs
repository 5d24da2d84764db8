namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_METER_FEATURES request (spec 7.3.5.15): asks for meter capabilities. Empty payload.</summary>
public sealed class MeterFeaturesRequest : MultipartRequest
{
    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.MeterFeatures;

    /// <inheritdoc/>
    protected override int PayloadLength => 0;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Wire.Exact(payload, 0, "MeterFeaturesRequest");

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => true;
}
