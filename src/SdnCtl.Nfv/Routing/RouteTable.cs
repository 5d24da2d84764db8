using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Routing;

/// <summary>
/// Longest-prefix match over IPv4 routes: one hash table per prefix length, probed from the longest
/// length in use down. At most as many probes as distinct lengths (typically a handful), no
/// allocation, and inserts are O(1) — a trie would cost a pointer chase per bit for the same result.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<uint, Route>?[] _byLength = new Dictionary<uint, Route>?[33];
    private int[] _lengths = [];

    public int Count { get; private set; }

    public bool TryAdd(Route route)
    {
        Dictionary<uint, Route> table = _byLength[route.Destination.Length] ??= [];
        if (!table.TryAdd(route.Destination.Network, route))
        {
            return false;
        }

        Count++;
        RebuildLengths();
        return true;
    }

    public bool Remove(Ipv4Prefix destination, bool connected)
    {
        Dictionary<uint, Route>? table = _byLength[destination.Length];
        if (table is null || !table.TryGetValue(destination.Network, out Route? route) || route.Connected != connected)
        {
            return false;
        }

        table.Remove(destination.Network);
        Count--;
        RebuildLengths();
        return true;
    }

    public Route? Lookup(uint address)
    {
        foreach (int length in _lengths)
        {
            if (_byLength[length]!.TryGetValue(address & Ipv4Prefix.MaskOf(length), out Route? route))
            {
                return route;
            }
        }

        return null;
    }

    public IEnumerable<Route> All() => _byLength.Where(t => t is not null).SelectMany(t => t!.Values);

    private void RebuildLengths() =>
        _lengths = Enumerable.Range(0, 33).Where(l => _byLength[l] is { Count: > 0 }).OrderDescending().ToArray();

    /// <summary>One route: connected routes have no next hop (the destination itself is the next hop).</summary>
    internal sealed record Route(Ipv4Prefix Destination, int Interface, uint NextHop, bool Connected);
}
