namespace SdnCtl.Nfv;

/// <summary>
/// A virtual network function: it has interfaces, receives Ethernet frames on them and sends
/// zero or more frames into an <see cref="IFrameSink"/>. Frames are processed in place over a span
/// (a forwarded frame is the received buffer, rewritten), so the fast path copies and allocates nothing.
/// </summary>
/// <remarks>
/// Not thread-safe: the host calls <see cref="Process"/>, <see cref="Tick"/>, configuration changes
/// and reads from one thread at a time (the data plane runs each node on a serial executor).
/// Timeouts are read from the <see cref="TimeProvider"/> given at creation, so tests move time by hand.
/// </remarks>
public abstract class NetworkAppliance
{
    private readonly CountingSink _countingSink = new();
    private long _framesIn;
    private long _dropped;
    private long _answered;
    private long _rejected;
    private long _queued;

    protected NetworkAppliance(ApplianceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Name = options.Name;
        Interfaces = options.BuildInterfaces();
        Time = time;
    }

    /// <summary>The appliance's name.</summary>
    public string Name { get; }

    /// <summary>The kind it is, as registered (<c>firewall</c>, <c>router</c>, <c>nat</c>, ...).</summary>
    public abstract string Kind { get; }

    /// <summary>Its interfaces; a frame's interface number is an index into this list.</summary>
    public IReadOnlyList<VirtualInterface> Interfaces { get; }

    /// <summary>The clock for every timeout.</summary>
    protected TimeProvider Time { get; }

    /// <summary>
    /// Handles one frame received on <paramref name="ingressInterface"/>. The appliance may rewrite
    /// <paramref name="frame"/> in place; it is not kept after the call returns.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ingressInterface"/> is not an interface index.</exception>
    public FrameDisposition Process(int ingressInterface, Span<byte> frame, IFrameSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ingressInterface);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ingressInterface, Interfaces.Count);
        ArgumentNullException.ThrowIfNull(sink);
        _framesIn++;
        _countingSink.Inner = sink;
        FrameDisposition disposition = OnFrame(ingressInterface, frame, _countingSink);
        switch (disposition)
        {
            case FrameDisposition.Dropped:
                _dropped++;
                break;
            case FrameDisposition.Answered:
                _answered++;
                break;
            case FrameDisposition.Rejected:
                _rejected++;
                break;
            case FrameDisposition.Queued:
                _queued++;
                break;
            case FrameDisposition.Forwarded:
            default:
                break;
        }

        return disposition;
    }

    /// <summary>
    /// Lets time-driven work happen: expiring state, retrying or giving up ARP resolution (which can
    /// send frames). The host calls it periodically, e.g. every 100 ms.
    /// </summary>
    public void Tick(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _countingSink.Inner = sink;
        OnTick(_countingSink);
    }

    /// <summary>Every counter: the common ones (<c>frames-in</c>, <c>frames-out</c>, ...) then the kind's own.</summary>
    public IReadOnlyList<ApplianceCounter> GetCounters()
    {
        var counters = new List<ApplianceCounter>
        {
            new("frames-in", _framesIn),
            new("frames-out", _countingSink.Emitted),
            new("dropped", _dropped),
            new("answered", _answered),
            new("rejected", _rejected),
            new("queued", _queued),
        };
        AddCounters(counters);
        return counters;
    }

    /// <summary>The kind's frame handling; <paramref name="sink"/> counts what is sent.</summary>
    protected abstract FrameDisposition OnFrame(int ingressInterface, Span<byte> frame, IFrameSink sink);

    /// <summary>The kind's time-driven work; nothing by default.</summary>
    protected virtual void OnTick(IFrameSink sink)
    {
    }

    /// <summary>Adds the kind's own counters.</summary>
    protected virtual void AddCounters(List<ApplianceCounter> counters)
    {
    }

    private sealed class CountingSink : IFrameSink
    {
        public IFrameSink Inner { get; set; } = null!;

        public long Emitted { get; private set; }

        public void Emit(int egressInterface, ReadOnlySpan<byte> frame)
        {
            Emitted++;
            Inner.Emit(egressInterface, frame);
        }
    }
}
