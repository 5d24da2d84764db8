namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_ROLE_REPLY (spec 7.3.9): the controller's role after the request.</summary>
public sealed class RoleReply : RoleMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.RoleReply;
}
