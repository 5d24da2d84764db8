namespace SdnCtl.Control.PathComputation;

/// <summary>Two paths that share no directed link, with the least total cost of any such pair.</summary>
/// <param name="Primary">The cheaper of the two.</param>
/// <param name="Backup">The other.</param>
public sealed record DisjointPathPair(ComputedPath Primary, ComputedPath Backup)
{
    /// <summary>The sum of both costs: the minimum over all link-disjoint pairs.</summary>
    public double TotalCost => Primary.Cost + Backup.Cost;
}
