namespace SdnCtl.DataPlane.Network;

/// <summary>Result of a simulated ping between two hosts.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Path">
/// The echo request's hops in the order they happened, as <c>switch:inPort-&gt;outPort</c>. A frame
/// the controller injected with PACKET_OUT shows <c>controller</c> as its in-port; a frame that
/// entered a switch and never left shows <c>drop</c> as its out-port; a flooded frame has one hop
/// per copy.
/// </param>
/// <param name="ReplyPath">The echo reply's hops, in the same form.</param>
/// <param name="RoundTripTime">From sending the request to receiving the reply (only when replied).</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record PingResult(PingStatus Status, IReadOnlyList<string> Path, IReadOnlyList<string> ReplyPath, TimeSpan? RoundTripTime, string? Detail);
