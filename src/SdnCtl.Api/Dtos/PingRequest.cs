namespace SdnCtl.Api.Dtos;

/// <summary>Body of <c>POST /api/v1/sim/ping</c>.</summary>
/// <param name="Src">Source host name.</param>
/// <param name="Dst">Destination host name.</param>
/// <param name="TimeoutMs">How long to wait for the reply, in milliseconds (1 to 60,000); the simulator's default (2 s) when absent.</param>
public sealed record PingRequest(string? Src, string? Dst, int? TimeoutMs = null)
{
    /// <summary>The longest wait a request may ask for.</summary>
    public const int MaxTimeoutMs = 60_000;
}
