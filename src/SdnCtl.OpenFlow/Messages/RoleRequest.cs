using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_ROLE_REQUEST (spec 7.3.9): changes or queries the controller's role.</summary>
public sealed class RoleRequest : RoleMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.RoleRequest;

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        base.ReadBody(body);
        if ((uint)Role > (uint)ControllerRole.Slave)
        {
            OfpProtocolException.Throw(OfpErrorType.RoleRequestFailed, (ushort)RoleRequestFailedCode.BadRole, $"unknown role {(uint)Role}");
        }
    }
}
