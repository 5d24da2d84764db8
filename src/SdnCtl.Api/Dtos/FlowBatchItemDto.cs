namespace SdnCtl.Api.Dtos;

/// <summary>A flow of a batch: the switch it goes to and the flow.</summary>
public sealed record FlowBatchItemDto : FlowSpecDto
{
    /// <summary>Datapath id (any form) or switch name.</summary>
    public string? Dpid { get; init; }
}
