namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_GET_ASYNC_REPLY (spec 7.3.10): the connection's asynchronous message filter.</summary>
public sealed class GetAsyncReply : AsyncConfigMessage
{
    /// <inheritdoc/>
    public override OfpType Type => OfpType.GetAsyncReply;
}
