namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Multipart request flags (spec 7.3.5, <c>enum ofp_multipart_request_flags</c>).</summary>
[Flags]
public enum MultipartRequestFlags : ushort
{
    /// <summary>Last request.</summary>
    None = 0,
    /// <summary>More requests follow (OFPMPF_REQ_MORE).</summary>
    ReqMore = 1,
}
