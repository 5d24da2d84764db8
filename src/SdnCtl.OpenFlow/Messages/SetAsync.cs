namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_SET_ASYNC (spec 7.3.10): sets the connection's asynchronous message filter.</summary>
public sealed class SetAsync : AsyncConfigMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.SetAsync;
}
