using System.Collections.Concurrent;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Switches;

/// <summary>
/// Sits between the southbound and the control plane and drops PACKET_INs beyond a token bucket per
/// switch and one per ingress port, so one flooding VM cannot starve the controller or the other
/// ports of its switch. Everything else passes through untouched. Runs on the sessions' I/O threads.
/// </summary>
/// <remarks>
/// The buckets are written by hand rather than with System.Threading.RateLimiting: this runs for every
/// packet-in, and a bucket here is two doubles refilled from the clock on use, with no timer and no
/// lease object per packet.
/// </remarks>
public sealed class PacketInRateLimiter(ISwitchEventSink inner, PacketInRateLimit perSwitch, PacketInRateLimit perPort, TimeProvider? time = null) : ISwitchEventSink, IPacketInFastPath
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<ulong, Bucket> _switches = new();
    private readonly ConcurrentDictionary<(ulong, uint), Bucket> _ports = new();
    private long _dropped;

    /// <summary>PACKET_INs dropped by the limits.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public void PacketInReceived(ISwitchConnection connection, PacketIn message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (!perPort.IsLimited && !perSwitch.IsLimited)
        {
            // The default: no clock read and no lookup on the packet-in path.
            inner.PacketInReceived(connection, message);
            return;
        }

        long now = _time.GetUtcNow().UtcTicks;

        // The port's bucket first: a packet its port may not send must not use up the switch's tokens.
        if ((perPort.IsLimited && message.InPort is uint port &&
             !_ports.GetOrAdd((connection.DatapathId, port), static (_, l) => new Bucket(l), perPort).TryTake(now)) ||
            (perSwitch.IsLimited && !_switches.GetOrAdd(connection.DatapathId, static (_, l) => new Bucket(l), perSwitch).TryTake(now)))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        inner.PacketInReceived(connection, message);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Passes the offer on only when no limit is set: a fast answer would otherwise take a token here
    /// and, declined further on, a second one in <see cref="PacketInReceived"/>. With limits every
    /// packet-in takes the loop path, counted once.
    /// </remarks>
    public int TryAnswerPacketIn(ISwitchConnection connection, ReadOnlySpan<byte> packetIn, Span<byte> answer) =>
        !perPort.IsLimited && !perSwitch.IsLimited && inner is IPacketInFastPath fast ? fast.TryAnswerPacketIn(connection, packetIn, answer) : 0;

    /// <inheritdoc/>
    public void PacketInBurstEnded()
    {
        if (inner is IPacketInFastPath fast)
        {
            fast.PacketInBurstEnded();
        }
    }

    /// <inheritdoc/>
    public void SwitchConnected(ISwitchConnection connection) => inner.SwitchConnected(connection);

    /// <inheritdoc/>
    public void SwitchDisconnected(ISwitchConnection connection, string reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _switches.TryRemove(connection.DatapathId, out _);
        foreach (var key in _ports.Keys)
        {
            if (key.Item1 == connection.DatapathId)
            {
                _ports.TryRemove(key, out _);
            }
        }

        inner.SwitchDisconnected(connection, reason);
    }

    /// <inheritdoc/>
    public void PortStatusReceived(ISwitchConnection connection, PortStatus message) => inner.PortStatusReceived(connection, message);

    /// <inheritdoc/>
    public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message) => inner.FlowRemovedReceived(connection, message);

    /// <inheritdoc/>
    public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request) => inner.ErrorReceived(connection, error, request);

    private sealed class Bucket(PacketInRateLimit limit)
    {
        private readonly Lock _gate = new();
        private double _tokens = limit.Burst;
        private long _last = long.MinValue;

        public bool TryTake(long nowTicks)
        {
            lock (_gate)
            {
                if (_last != long.MinValue && nowTicks > _last)
                {
                    _tokens = Math.Min(limit.Burst, _tokens + ((nowTicks - _last) * limit.PerSecond / TimeSpan.TicksPerSecond));
                }

                _last = Math.Max(_last, nowTicks);
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }
    }
}
