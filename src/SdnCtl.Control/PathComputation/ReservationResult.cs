namespace SdnCtl.Control.PathComputation;

/// <summary>The outcome of a reservation request: the reservation, or why no path had the capacity.</summary>
/// <param name="Reservation">The reservation, or <see langword="null"/> when it failed.</param>
/// <param name="Failed">Why it failed (<see cref="PathConstraint.MinBandwidth"/> when capacity ran out).</param>
/// <param name="Detail">A sentence for people when it failed.</param>
public sealed record ReservationResult(BandwidthReservation? Reservation, PathConstraint Failed, string? Detail);
