namespace SdnCtl.Control.PathComputation;

/// <summary>Whether a reservation still holds its bandwidth.</summary>
public enum ReservationStatus
{
    /// <summary>Its rate is held on every link of its path.</summary>
    Active,

    /// <summary>
    /// A link or switch of its path was lost and no path with its rate free was left: it holds no
    /// bandwidth and keeps its last path for reference until it is deleted.
    /// </summary>
    Failed,
}
