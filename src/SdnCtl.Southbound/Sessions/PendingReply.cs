using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Sessions;

/// <summary>A request answered by exactly one message (barrier, features, role, echo, …).</summary>
internal sealed class PendingReply<TReply> : PendingRequest<TReply>
    where TReply : OfpMessage
{
    public PendingReply(SwitchSession session, uint xid)
        : base(session, xid)
    {
    }

    /// <inheritdoc/>
    public override bool Deliver(OfpMessage reply)
    {
        if (reply is TReply typed)
        {
            Complete(typed);
        }
        else
        {
            Fail(new InvalidOperationException($"expected a {typeof(TReply).Name} for xid {Xid}, the switch answered {reply.Type}"));
        }

        return true;
    }
}
