namespace SdnCtl.Control.PathComputation;

/// <summary>The answer to a path query: the paths, cheapest first, or why there are none.</summary>
/// <param name="Paths">The paths found, in non-decreasing cost order; empty when <paramref name="Failed"/> is set.</param>
/// <param name="Failed">The constraint that made the query infeasible, or <see cref="PathConstraint.None"/>.</param>
/// <param name="Detail">A sentence for people when something failed.</param>
public sealed record PathQueryResult(IReadOnlyList<ComputedPath> Paths, PathConstraint Failed, string? Detail)
{
    /// <summary>True when at least one path was found.</summary>
    public bool Found => Paths.Count > 0;

    internal static PathQueryResult Fail(PathConstraint constraint, string detail) => new([], constraint, detail);
}
