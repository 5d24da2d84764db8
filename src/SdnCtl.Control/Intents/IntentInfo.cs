using System.Collections.Immutable;
using SdnCtl.Control.PathComputation;

namespace SdnCtl.Control.Intents;

/// <summary>An intent as readers see it: an immutable snapshot published by the control loop.</summary>
/// <param name="Id">Its id (positive; the low 32 bits are in its rules' cookie).</param>
/// <param name="Spec">What was asked.</param>
/// <param name="State">Where it is now.</param>
/// <param name="Reason">Why it is in that state, for people; <see langword="null"/> when installed as asked.</param>
/// <param name="FailedConstraint">The constraint no path met, while failed.</param>
/// <param name="Paths">One per direction (forward first), while installed or rerouted.</param>
/// <param name="History">Every state change, oldest first (the oldest are dropped beyond a hundred).</param>
/// <param name="CreatedAt">When it was accepted.</param>
public sealed record IntentInfo(
    long Id,
    IntentSpec Spec,
    IntentState State,
    string? Reason,
    PathConstraint? FailedConstraint,
    ImmutableArray<IntentPath> Paths,
    ImmutableArray<IntentTransition> History,
    DateTimeOffset CreatedAt)
{
    /// <summary>True when it asked for protection and every direction has a backup installed.</summary>
    public bool IsProtected => Spec.Protected && !Paths.IsDefaultOrEmpty && Paths.All(p => p.Backup is not null);
}
