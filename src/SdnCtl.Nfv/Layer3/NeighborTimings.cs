namespace SdnCtl.Nfv.Layer3;

/// <summary>ARP timings and limits of a layer-3 appliance, already validated.</summary>
internal readonly record struct NeighborTimings(TimeSpan EntryTimeout, TimeSpan RetryInterval, int Retries, int MaxQueuedPerNeighbor);
