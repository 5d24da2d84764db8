using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_SET_CONFIG (spec 7.3.2): sets fragment handling and miss_send_len.</summary>
public sealed class SetConfig : SwitchConfigMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.SetConfig;

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        base.ReadBody(body);
        if ((ushort)Flags > (ushort)ConfigFlags.FragMask)
        {
            OfpProtocolException.Throw(OfpErrorType.SwitchConfigFailed, (ushort)SwitchConfigFailedCode.BadFlags, $"SET_CONFIG flags 0x{(ushort)Flags:x4} has unknown bits");
        }
    }
}
