namespace SdnCtl.Api.Simulation;

/// <summary>Result of a simulated ping.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Path">The echo request's hops as <c>switch:inPort-&gt;outPort</c> strings, in order.</param>
/// <param name="ReplyPath">The echo reply's hops, in order.</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record PingOutcome(PingStatus Status, IReadOnlyList<string> Path, IReadOnlyList<string> ReplyPath, string? Detail);
