namespace SdnCtl.DataPlane.Hosts;

/// <summary>
/// Counters of one <see cref="SimulatedHost"/>. Updated atomically on whichever thread the host
/// runs on and readable from any thread.
/// </summary>
public sealed class HostCounters
{
    private static readonly int Count = Enum.GetValues<HostCounter>().Length;

    private readonly long[] _values = new long[Count];

    /// <summary>The current value of <paramref name="counter"/>.</summary>
    public long this[HostCounter counter] => Volatile.Read(ref _values[(int)counter]);

    /// <summary>Frames delivered to the host, whoever they were addressed to.</summary>
    public long FramesReceived => this[HostCounter.FramesReceived];

    /// <summary>Frames the host sent.</summary>
    public long FramesSent => this[HostCounter.FramesSent];

    /// <summary>Broadcast frames received: the number an isolation test looks at.</summary>
    public long BroadcastFramesReceived => this[HostCounter.BroadcastFramesReceived];

    /// <summary>ARP requests the host sent.</summary>
    public long ArpRequestsSent => this[HostCounter.ArpRequestsSent];

    /// <summary>ARP replies the host sent.</summary>
    public long ArpRepliesSent => this[HostCounter.ArpRepliesSent];

    /// <summary>ICMP echo requests received.</summary>
    public long IcmpEchoRequestsReceived => this[HostCounter.IcmpEchoRequestsReceived];

    /// <summary>ICMP echo replies received.</summary>
    public long IcmpEchoRepliesReceived => this[HostCounter.IcmpEchoRepliesReceived];

    /// <summary>A copy of every counter, for reports.</summary>
    public IReadOnlyDictionary<HostCounter, long> Snapshot()
    {
        var copy = new Dictionary<HostCounter, long>(Count);
        foreach (var c in Enum.GetValues<HostCounter>())
        {
            copy[c] = this[c];
        }

        return copy;
    }

    internal void Increment(HostCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    internal void Add(HostCounter counter, long amount) => Interlocked.Add(ref _values[(int)counter], amount);
}
