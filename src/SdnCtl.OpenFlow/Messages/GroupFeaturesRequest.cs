namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_GROUP_FEATURES request (spec 7.3.5.12): asks for group capabilities. Empty payload.</summary>
public sealed class GroupFeaturesRequest : MultipartRequest
{
    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.GroupFeatures;

    /// <inheritdoc/>
    protected override int PayloadLength => 0;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Wire.Exact(payload, 0, "GroupFeaturesRequest");

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => true;
}
