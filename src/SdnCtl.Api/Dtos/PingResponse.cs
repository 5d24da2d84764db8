namespace SdnCtl.Api.Dtos;

/// <summary>Whether the echo reply came back, and the hops the request and the reply took.</summary>
public sealed record PingResponse(string Src, string Dst, bool Replied, string Status, IReadOnlyList<string> Path, IReadOnlyList<string> ReplyPath, string? Detail);
