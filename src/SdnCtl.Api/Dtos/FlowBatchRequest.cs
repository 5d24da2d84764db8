namespace SdnCtl.Api.Dtos;

/// <summary>Flows for several switches, installed all or none.</summary>
/// <param name="Flows">The flows.</param>
public sealed record FlowBatchRequest(IReadOnlyList<FlowBatchItemDto>? Flows);
