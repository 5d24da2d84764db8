using System.Net;
using SdnCtl.OpenFlow;
using SdnCtl.Southbound.Tls;

namespace SdnCtl.Southbound;

/// <summary>
/// Settings of the OpenFlow listener and of every switch session it accepts. Checked once by
/// <see cref="Validate"/> when the server starts, so a bad value fails at start-up with its name
/// instead of surfacing later as odd keep-alive behaviour.
/// </summary>
public sealed class SouthboundOptions
{
    /// <summary>Address to listen on; <see cref="IPAddress.Any"/> by default.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Any;

    /// <summary>TCP port; 6653 (IANA) by default, 0 for an ephemeral port (tests).</summary>
    public int Port { get; set; } = OfpConstants.DefaultPort;

    /// <summary>
    /// Silence after which the controller probes the switch with ECHO_REQUEST, and the interval
    /// between probes while the silence lasts.
    /// </summary>
    public TimeSpan EchoInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Silence (nothing at all received, echo replies included) after which the switch is
    /// declared dead and its session closed with reason "echo timeout". Rounded up to a whole
    /// number of <see cref="EchoInterval"/>s.
    /// </summary>
    public TimeSpan EchoTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time from TCP accept to a completed handshake (HELLO … DESC) before the connection is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time a request (barrier, request/reply, multipart) waits for its reply before it faults with
    /// <see cref="TimeoutException"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever. Generous
    /// by default because a hardware switch can take seconds to work through a large batch before
    /// it answers the barrier behind it.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Bytes queued in the transport above which the session reports itself not writable
    /// (<c>ISwitchConnection.IsWritable</c>); bulk senders then wait for <c>WhenWritableAsync</c>.
    /// </summary>
    public int WriteBufferHighWaterMark { get; set; } = 1024 * 1024;

    /// <summary>Bytes queued in the transport below which a non-writable session becomes writable again.</summary>
    public int WriteBufferLowWaterMark { get; set; } = 256 * 1024;

    /// <summary>
    /// Requests awaiting a reply per session; one more faults immediately with
    /// <see cref="InvalidOperationException"/> rather than letting a stalled switch grow the table.
    /// </summary>
    public int MaxPendingRequests { get; set; } = 4096;

    /// <summary>
    /// How many recently sent refusable messages (FLOW_MOD, GROUP_MOD, METER_MOD, PORT_MOD, TABLE_MOD,
    /// PACKET_OUT) a session remembers so that an unsolicited OFPT_ERROR can be reported together with
    /// the request it refuses. 0 disables it.
    /// </summary>
    public int RecentMessageCapacity { get; set; } = 1024;

    /// <summary>TLS on the OpenFlow channel; <see langword="null"/> (the default) is plain TCP.</summary>
    public SouthboundTlsOptions? Tls { get; set; }

    /// <summary>I/O threads shared by the listener and every session; 0 = one per processor.</summary>
    public int EventLoopThreads { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ListenAddress is null)
        {
            throw new ArgumentException("ListenAddress must be set", nameof(ListenAddress));
        }

        if (Port is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0–65535");
        }

        RequirePositive(EchoInterval, nameof(EchoInterval));
        RequirePositive(EchoTimeout, nameof(EchoTimeout));
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout));
        if (RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            RequirePositive(RequestTimeout, nameof(RequestTimeout));
        }

        // With a timeout of one interval the first silent interval would kill the session before a
        // single echo had been sent.
        if (EchoTimeout <= EchoInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(EchoTimeout), EchoTimeout, $"EchoTimeout must be longer than EchoInterval ({EchoInterval})");
        }

        if (WriteBufferLowWaterMark <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WriteBufferLowWaterMark), WriteBufferLowWaterMark, "WriteBufferLowWaterMark must be positive");
        }

        if (WriteBufferHighWaterMark < WriteBufferLowWaterMark)
        {
            throw new ArgumentOutOfRangeException(nameof(WriteBufferHighWaterMark), WriteBufferHighWaterMark, $"WriteBufferHighWaterMark must be at least WriteBufferLowWaterMark ({WriteBufferLowWaterMark})");
        }

        if (MaxPendingRequests <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingRequests), MaxPendingRequests, "MaxPendingRequests must be positive");
        }

        if (RecentMessageCapacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RecentMessageCapacity), RecentMessageCapacity, "RecentMessageCapacity must not be negative");
        }

        if (EventLoopThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EventLoopThreads), EventLoopThreads, "EventLoopThreads must not be negative");
        }

        Tls?.Validate();
    }

    /// <summary>Consecutive reader-idle periods after which the peer counts as dead (at least 2 once validated).</summary>
    internal int IdlePeriodsUntilDead => Math.Max(1, (int)Math.Ceiling(EchoTimeout.Ticks / (double)EchoInterval.Ticks));

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
        }
    }
}
