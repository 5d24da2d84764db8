using System.Collections.Immutable;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>All minimum-cost paths between two switches.</summary>
/// <param name="Cost">The common cost, in the metric's unit.</param>
/// <param name="PathCount">How many equal-cost paths exist (may exceed <paramref name="Paths"/>' length).</param>
/// <param name="Links">Every link that lies on at least one of them: the equal-cost DAG.</param>
/// <param name="Paths">The paths, enumerated up to the requested cap.</param>
public sealed record EqualCostPathSet(double Cost, long PathCount, ImmutableArray<LinkInfo> Links, ImmutableArray<ComputedPath> Paths)
{
    /// <summary>True when there are more paths than were enumerated.</summary>
    public bool Truncated => PathCount > Paths.Length;
}
