namespace SdnCtl.DataPlane.Network;

/// <summary>Result of <see cref="SimulatedNetwork.SetLinkStateAsync(string, string, bool, CancellationToken)"/>.</summary>
/// <param name="Found">False when a switch is unknown or no link joins the two.</param>
/// <param name="Links">Every link between the two switches, as <c>a:port-b:port</c>; all are now in the requested state.</param>
/// <param name="Changed">The subset of <paramref name="Links"/> whose state actually changed (the others already were so).</param>
/// <param name="Up">The requested state.</param>
/// <param name="Detail">Why nothing was found, when it was not.</param>
public sealed record LinkChangeResult(bool Found, IReadOnlyList<string> Links, IReadOnlyList<string> Changed, bool Up, string? Detail);
