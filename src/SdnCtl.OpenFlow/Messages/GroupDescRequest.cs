namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_GROUP_DESC request (spec 7.3.5.11): asks for every group's description. Empty payload.</summary>
public sealed class GroupDescRequest : MultipartRequest
{
    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.GroupDesc;

    /// <inheritdoc/>
    protected override int PayloadLength => 0;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload) => Wire.Exact(payload, 0, "GroupDescRequest");

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) => true;
}
