namespace SdnCtl.Control.PathComputation;

/// <summary>What a path's cost counts.</summary>
public enum PathMetric
{
    /// <summary>Switch-to-switch hops: every link costs 1.</summary>
    Hops,

    /// <summary>Sum of link latencies in milliseconds (declared, or <c>0.1</c> ms when not declared).</summary>
    Latency,

    /// <summary>Inverse capacity: a link costs <c>1000 / capacityMbps</c>, so a 1 Gbit/s link costs 1 and faster links cost less.</summary>
    Bandwidth,
}
