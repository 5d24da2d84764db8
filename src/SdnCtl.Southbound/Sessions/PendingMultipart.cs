using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Sessions;

/// <summary>
/// A multipart request: collects reply parts in arrival order while they carry
/// OFPMPF_REPLY_MORE and completes with all of them on the part that does not.
/// </summary>
internal sealed class PendingMultipart<TReply> : PendingRequest<IReadOnlyList<TReply>>
    where TReply : MultipartReply
{
    private readonly MultipartType _multipartType;

    // Touched only on the session's event loop, which delivers every part.
    private readonly List<TReply> _parts = [];

    public PendingMultipart(SwitchSession session, uint xid, MultipartType multipartType)
        : base(session, xid)
    {
        _multipartType = multipartType;
    }

    /// <inheritdoc/>
    public override bool Deliver(OfpMessage reply)
    {
        if (reply is not TReply part || part.MultipartType != _multipartType)
        {
            string got = reply is MultipartReply m ? $"{reply.Type}/{m.MultipartType}" : reply.Type.ToString();
            Fail(new InvalidOperationException($"expected {_multipartType} multipart reply parts ({typeof(TReply).Name}) for xid {Xid}, the switch answered {got}"));
            return true;
        }

        _parts.Add(part);
        if ((part.Flags & MultipartReplyFlags.ReplyMore) != 0)
        {
            return false;
        }

        Complete(_parts.ToArray());
        return true;
    }
}
