namespace SdnCtl.Api.Dtos;

/// <summary>Body of <c>POST /api/v1/sim/connect</c>.</summary>
/// <param name="Src">Source host name.</param>
/// <param name="Dst">Destination host name or IPv4 address.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="Port">Destination port, 1–65535.</param>
public sealed record ConnectRequest(string? Src, string? Dst, string? Protocol, int? Port);
