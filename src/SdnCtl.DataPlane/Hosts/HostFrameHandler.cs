namespace SdnCtl.DataPlane.Hosts;

/// <summary>
/// Observes a frame delivered to <paramref name="host"/> (every frame, before the host decides
/// whether it is addressed to it). Runs on the host's executor; the span is only valid during the
/// call, so copy what must be kept.
/// </summary>
/// <param name="host">The receiving host.</param>
/// <param name="frame">The frame as it came off the cable.</param>
public delegate void HostFrameHandler(SimulatedHost host, ReadOnlySpan<byte> frame);
