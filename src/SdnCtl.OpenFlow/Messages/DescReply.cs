namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_DESC reply (spec 7.3.5.1): manufacturer, hardware, software, serial number and datapath description.</summary>
public sealed class DescReply : MultipartReply
{
    /*
     * Spec 7.3.5.1
     * struct ofp_desc {
     *     char mfr_desc[DESC_STR_LEN];      0     (256)
     *     char hw_desc[DESC_STR_LEN];       256
     *     char sw_desc[DESC_STR_LEN];       512
     *     char serial_num[SERIAL_NUM_LEN];  768   (32)
     *     char dp_desc[DESC_STR_LEN];       800
     * };                                    1056 bytes, NUL-terminated strings
     */

    /// <summary>sizeof(struct ofp_desc).</summary>
    public const int Size = (4 * OfpConstants.DescStringLength) + OfpConstants.SerialNumberLength;

    private const int D = OfpConstants.DescStringLength;
    private const int S = OfpConstants.SerialNumberLength;

    /// <summary>Manufacturer description (at most 255 characters survive encoding).</summary>
    public string MfrDesc { get; set; } = string.Empty;

    /// <summary>Hardware description.</summary>
    public string HwDesc { get; set; } = string.Empty;

    /// <summary>Software description.</summary>
    public string SwDesc { get; set; } = string.Empty;

    /// <summary>Serial number (at most 31 characters survive encoding).</summary>
    public string SerialNum { get; set; } = string.Empty;

    /// <summary>Human-readable description of the datapath.</summary>
    public string DpDesc { get; set; } = string.Empty;

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Desc;

    /// <inheritdoc/>
    protected override int PayloadLength => Size;

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload)
    {
        Wire.WriteString(payload.Slice(0, D), MfrDesc);
        Wire.WriteString(payload.Slice(D, D), HwDesc);
        Wire.WriteString(payload.Slice(2 * D, D), SwDesc);
        Wire.WriteString(payload.Slice(3 * D, S), SerialNum);
        Wire.WriteString(payload.Slice((3 * D) + S, D), DpDesc);
    }

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        Wire.Exact(payload, Size, "DescReply");
        MfrDesc = Wire.ReadString(payload.Slice(0, D));
        HwDesc = Wire.ReadString(payload.Slice(D, D));
        SwDesc = Wire.ReadString(payload.Slice(2 * D, D));
        SerialNum = Wire.ReadString(payload.Slice(3 * D, S));
        DpDesc = Wire.ReadString(payload.Slice((3 * D) + S, D));
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartReply other) =>
        other is DescReply d && d.MfrDesc == MfrDesc && d.HwDesc == HwDesc && d.SwDesc == SwDesc && d.SerialNum == SerialNum && d.DpDesc == DpDesc;
}
