namespace SdnCtl.Control.PathComputation;

/// <summary>Why a query found no path: the first constraint, in this order, that made it infeasible.</summary>
public enum PathConstraint
{
    /// <summary>A path was found.</summary>
    None,

    /// <summary>An endpoint is not a connected switch.</summary>
    Endpoint,

    /// <summary>The destination cannot be reached at all.</summary>
    Reachability,

    /// <summary>Every path crosses an avoided switch or link.</summary>
    Avoid,

    /// <summary>Every path has a link without the requested free bandwidth.</summary>
    MinBandwidth,

    /// <summary>The waypoints cannot be visited in order.</summary>
    Waypoints,

    /// <summary>Every path is longer than the hop limit.</summary>
    MaxHops,

    /// <summary>Every path has more latency than the limit.</summary>
    MaxLatency,

    /// <summary>Each constraint can be met, but no path meets them all together.</summary>
    Combination,

    /// <summary>No two link-disjoint paths exist.</summary>
    Disjoint,

    /// <summary>The search examined its budget of candidate paths without finding enough that qualify.</summary>
    SearchLimit,
}
