namespace SdnCtl.Control.PathComputation;

/// <summary>Bandwidth held on every link of a path until it is released.</summary>
/// <param name="Id">The reservation's id (positive, never reused while the service lives).</param>
/// <param name="SourceDpid">The first switch.</param>
/// <param name="DestinationDpid">The last switch.</param>
/// <param name="BandwidthMbps">The rate held on each link.</param>
/// <param name="Path">The reserved path as it was computed.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record BandwidthReservation(long Id, ulong SourceDpid, ulong DestinationDpid, double BandwidthMbps, ComputedPath Path, DateTimeOffset CreatedAt);
