namespace SdnCtl.Api.Simulation;

/// <summary>Result of a simulated connection attempt.</summary>
/// <param name="Status"><c>connected</c>, <c>refused</c> or <c>no answer</c>.</param>
/// <param name="Path">The request's hops (<c>s1:1-&gt;3</c>, <c>nat-a:outside-&gt;inside</c>), in order.</param>
/// <param name="ReplyPath">The answer's hops, in order.</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record ConnectOutcome(string Status, IReadOnlyList<string> Path, IReadOnlyList<string> ReplyPath, string? Detail);
