namespace SdnCtl.DataPlane.Network;

/// <summary>Network-wide delivery counters of a <see cref="SimulatedNetwork"/>; readable from any thread.</summary>
public sealed class NetworkCounters
{
    private long _framesSent;
    private long _framesDelivered;
    private long _hopLimitDrops;
    private long _overflowDrops;
    private long _unattachedDrops;

    /// <summary>Frames put on a link or host cable (copies queued for delivery).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames handed to the receiving switch or host.</summary>
    public long FramesDelivered => Interlocked.Read(ref _framesDelivered);

    /// <summary>
    /// Frames dropped because they had already crossed <see cref="SimulatedNetworkOptions.MaxHops"/>
    /// switches: what ends a forwarding loop, since a flood rule on a ring would otherwise circulate forever.
    /// </summary>
    public long HopLimitDrops => Interlocked.Read(ref _hopLimitDrops);

    /// <summary>Frames dropped because <see cref="SimulatedNetworkOptions.MaxFramesInFlight"/> were already queued (a broadcast storm).</summary>
    public long OverflowDrops => Interlocked.Read(ref _overflowDrops);

    /// <summary>Frames a switch sent out of a port with nothing attached.</summary>
    public long UnattachedDrops => Interlocked.Read(ref _unattachedDrops);

    /// <inheritdoc/>
    public override string ToString() =>
        $"sent={FramesSent} delivered={FramesDelivered} hop-limit={HopLimitDrops} overflow={OverflowDrops} unattached={UnattachedDrops}";

    internal void Sent() => Interlocked.Increment(ref _framesSent);

    internal void Delivered() => Interlocked.Increment(ref _framesDelivered);

    internal void HopLimit() => Interlocked.Increment(ref _hopLimitDrops);

    internal void Overflow() => Interlocked.Increment(ref _overflowDrops);

    internal void Unattached() => Interlocked.Increment(ref _unattachedDrops);
}
