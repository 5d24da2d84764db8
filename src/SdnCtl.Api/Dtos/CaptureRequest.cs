namespace SdnCtl.Api.Dtos;

/// <summary>Body of <c>POST /api/v1/sim/captures</c>.</summary>
/// <param name="Port">The switch port to capture, <c>switch:port</c> (a host port or either end of a link).</param>
public sealed record CaptureRequest(string? Port);
