using SdnCtl.DataPlane.Hosts;

namespace SdnCtl.DataPlane.Network;

/// <summary>Result of <see cref="SimulatedNetwork.ConnectAsync"/>.</summary>
/// <param name="Status">Connected, refused or no answer; null when the source or destination is unknown.</param>
/// <param name="Path">The request's hops (<c>s1:1->3</c>, <c>nat-a:inside->outside</c>).</param>
/// <param name="ReplyPath">The answer's hops.</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record NetworkConnectResult(ConnectStatus? Status, IReadOnlyList<string> Path, IReadOnlyList<string> ReplyPath, string? Detail);
