namespace SdnCtl.Api.Dtos;

/// <summary>The links a cut or restore changed.</summary>
public sealed record LinkChangeResponse(bool Up, IReadOnlyList<string> Links);
