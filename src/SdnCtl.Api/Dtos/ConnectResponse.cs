namespace SdnCtl.Api.Dtos;

/// <summary>What a connection attempt got back (<c>connected</c>, <c>refused</c>, <c>no answer</c>) and the hops it took.</summary>
public sealed record ConnectResponse(string Src, string Dst, string Protocol, int Port, bool Connected, string Status, IReadOnlyList<string> Path, IReadOnlyList<string> ReplyPath, string? Detail);
