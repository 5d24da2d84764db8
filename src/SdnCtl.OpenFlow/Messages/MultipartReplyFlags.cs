namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Multipart reply flags (spec 7.3.5, <c>enum ofp_multipart_reply_flags</c>).</summary>
[Flags]
public enum MultipartReplyFlags : ushort
{
    /// <summary>Last reply.</summary>
    None = 0,
    /// <summary>More replies follow (OFPMPF_REPLY_MORE).</summary>
    ReplyMore = 1,
}
