namespace SdnCtl.DataPlane.Hosts;

/// <summary>Result of <see cref="SimulatedHost.ConnectAsync(uint, bool, ushort, TimeSpan, CancellationToken)"/>.</summary>
/// <param name="Status">What came back.</param>
/// <param name="SourcePort">The local port the attempt was made from.</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record ConnectResult(ConnectStatus Status, ushort SourcePort, string? Detail);
