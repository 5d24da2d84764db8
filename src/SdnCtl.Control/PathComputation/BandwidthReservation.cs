namespace SdnCtl.Control.PathComputation;

/// <summary>Bandwidth held on every link of a path until it is released.</summary>
/// <param name="Id">The reservation's id (positive, never reused while the service lives).</param>
/// <param name="SourceDpid">The first switch.</param>
/// <param name="DestinationDpid">The last switch.</param>
/// <param name="BandwidthMbps">The rate held on each link.</param>
/// <param name="Path">The reserved path: the one computed at creation, or after the last reroute.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record BandwidthReservation(long Id, ulong SourceDpid, ulong DestinationDpid, double BandwidthMbps, ComputedPath Path, DateTimeOffset CreatedAt)
{
    /// <summary>Active, or failed after losing its path with no replacement.</summary>
    public ReservationStatus Status { get; init; } = ReservationStatus.Active;

    /// <summary>How many times a lost link or switch moved it to a new path.</summary>
    public int Reroutes { get; init; }

    /// <summary>When it last changed path or failed; <see langword="null"/> while it has its first path.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>Why it failed, for people; <see langword="null"/> while active.</summary>
    public string? Detail { get; init; }
}
