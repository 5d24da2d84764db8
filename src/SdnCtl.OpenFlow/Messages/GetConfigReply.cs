namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_GET_CONFIG_REPLY (spec 7.3.2): the switch's fragment handling and miss_send_len.</summary>
public sealed class GetConfigReply : SwitchConfigMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.GetConfigReply;
}
