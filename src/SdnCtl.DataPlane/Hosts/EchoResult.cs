namespace SdnCtl.DataPlane.Hosts;

/// <summary>Result of one ICMP echo sent by a <see cref="SimulatedHost"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="RoundTripTime">Time from sending the request to receiving the reply (only when replied).</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record EchoResult(EchoStatus Status, TimeSpan? RoundTripTime, string? Detail);
