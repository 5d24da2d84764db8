namespace SdnCtl.Api.Dtos;

/// <summary>Body of <c>POST /api/v1/sim/ping</c>.</summary>
/// <param name="Src">Source host name.</param>
/// <param name="Dst">Destination host name.</param>
public sealed record PingRequest(string? Src, string? Dst);
