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

    public FloodGuard(TimeSpan window) => _window = window;

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
            _recent[Key(frame)] = (now + _window, dpid, inPort);
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
        }
    }

    private static (int, int) Key(ReadOnlySpan<byte> frame)
    {
        var hash = new HashCode();
        hash.AddBytes(frame);
        return (hash.ToHashCode(), frame.Length);
    }
}
