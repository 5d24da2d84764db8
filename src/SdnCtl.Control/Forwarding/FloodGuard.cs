using System.Collections.Immutable;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// Remembers the frames the controller flooded for a short window. Floods leave only through edge
/// ports, so a flooded frame can only come back up as a PACKET_IN over a cable LLDP has not
/// discovered yet (a switch that just connected); flooding it again would loop it through the
/// controller. Keyed by a hash of the frame: a false hit drops one frame a host will resend. The
/// same frame again from the port it was first flooded from is the host resending, not an echo.
/// </summary>
internal sealed class FloodGuard
{
    private readonly TimeSpan _window;
    private readonly Dictionary<(int Hash, int Length), (DateTimeOffset Until, ulong Dpid, uint Port)> _recent = [];

    // The keys of _recent for the reactive fast path on the I/O threads, replaced (never changed)
    // as floods are recorded and swept. Floods are rare next to answered packet-ins, so a persistent
    // set (one O(log n) update per flood) costs less than a lock on every fast-path read.
    private volatile ImmutableHashSet<(int Hash, int Length)> _published = [];

    public FloodGuard(TimeSpan window) => _window = window;

    /// <summary>
    /// From any thread: true when <paramref name="frame"/> may be a flood coming back (any port, any
    /// age: <see cref="IsEcho"/> on the loop decides). Updated by <see cref="Record"/> before the flood
    /// is handed to the switches, so no echo can come back before this knows of it.
    /// </summary>
    public bool MayBeEcho(ReadOnlySpan<byte> frame)
    {
        ImmutableHashSet<(int Hash, int Length)> published = _published;
        return !published.IsEmpty && published.Contains(Key(frame));
    }

    public long Suppressed { get; private set; }

    public bool IsEcho(ReadOnlySpan<byte> frame, ulong dpid, uint inPort, DateTimeOffset now)
    {
        if (_window <= TimeSpan.Zero || _recent.Count == 0)
        {
            return false;
        }

        if (_recent.TryGetValue(Key(frame), out var flooded) && now < flooded.Until &&
            (flooded.Dpid != dpid || flooded.Port != inPort))
        {
            Suppressed++;
            return true;
        }

        return false;
    }

    public void Record(ReadOnlySpan<byte> frame, ulong dpid, uint inPort, DateTimeOffset now)
    {
        if (_window > TimeSpan.Zero)
        {
            var key = Key(frame);
            _recent[key] = (now + _window, dpid, inPort);
            _published = _published.Add(key);
        }
    }

    /// <summary>Forgets expired entries; called every discovery round.</summary>
    public void Sweep(DateTimeOffset now)
    {
        if (_recent.Count == 0)
        {
            return;
        }

        List<(int, int)>? expired = null;
        foreach (var (key, flooded) in _recent)
        {
            if (now >= flooded.Until)
            {
                (expired ??= []).Add(key);
            }
        }

        if (expired is not null)
        {
            foreach (var key in expired)
            {
                _recent.Remove(key);
            }

            _published = _recent.Count == 0 ? [] : _published.Except(expired);
        }
    }

    private static (int, int) Key(ReadOnlySpan<byte> frame)
    {
        var hash = new HashCode();
        hash.AddBytes(frame);
        return (hash.ToHashCode(), frame.Length);
    }
}
