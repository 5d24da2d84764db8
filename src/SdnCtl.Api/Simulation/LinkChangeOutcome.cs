namespace SdnCtl.Api.Simulation;

/// <summary>Result of cutting or restoring a simulated link.</summary>
/// <param name="Found">False when no link joins the two switches.</param>
/// <param name="Links">The links changed, as <c>a:port-b:port</c>.</param>
/// <param name="Up">The links' state after the change.</param>
public sealed record LinkChangeOutcome(bool Found, IReadOnlyList<string> Links, bool Up);
