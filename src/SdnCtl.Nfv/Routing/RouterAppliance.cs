using SdnCtl.Nfv.Layer3;
using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Routing;

/// <summary>
/// An IPv4 router: a gateway address on each segment it joins, ARP for those addresses and for next
/// hops, static routes by longest-prefix match, TTL decrement, ICMP time exceeded and net unreachable.
/// </summary>
public sealed class RouterAppliance : NetworkAppliance
{
    private readonly Layer3Core _l3;
    private readonly RouteTable _routes = new();
    private readonly Ipv4Prefix[] _subnets;
    private long _noRoute;

    internal RouterAppliance(RouterOptions options, TimeProvider time)
        : base(options, time)
    {
        _subnets = Interfaces.Select(i => i.Address!.Value).ToArray();
        _l3 = new Layer3Core(Interfaces, time, options.Timings);
        for (int i = 0; i < _subnets.Length; i++)
        {
            _routes.TryAdd(new RouteTable.Route(new Ipv4Prefix(_subnets[i].Network, _subnets[i].Length), i, 0, Connected: true));
        }

        foreach (RouteOptions route in options.Routes)
        {
            AddRoute(route);
        }
    }

    public override string Kind => "router";

    /// <summary>Routes in the table, connected ones included.</summary>
    public int RouteCount => _routes.Count;

    /// <summary>Adds a static route.</summary>
    /// <returns>False when the destination already has a route (a conflict); nothing changes then.</returns>
    /// <exception cref="ApplianceOptionsException">The route is invalid; the bad field is named.</exception>
    public bool AddRoute(RouteOptions route)
    {
        var errors = new List<OptionError>();
        if (!RouterOptions.TryParseRoute(route, _subnets, "route", errors, out Ipv4Prefix destination, out uint nextHop, out int iface))
        {
            throw new ApplianceOptionsException(errors);
        }

        return _routes.TryAdd(new RouteTable.Route(destination, iface, nextHop, Connected: false));
    }

    /// <summary>Removes the static route to <paramref name="destination"/>; false when there is none.</summary>
    /// <exception cref="ApplianceOptionsException"><paramref name="destination"/> is not a network.</exception>
    public bool RemoveRoute(string destination)
    {
        if (!Ipv4Prefix.TryParse(destination, network: true, out Ipv4Prefix prefix, out string? error))
        {
            throw new ApplianceOptionsException([new OptionError("destination", error!)]);
        }

        return _routes.Remove(prefix, connected: false);
    }

    /// <summary>Every route, most specific first.</summary>
    public IReadOnlyList<RouteEntry> GetRoutes() =>
        _routes.All()
            .OrderByDescending(r => r.Destination.Length).ThenBy(r => r.Destination.Network)
            .Select(r => new RouteEntry(r.Destination.ToString(), r.Connected ? null : Ipv4Prefix.FormatAddress(r.NextHop), Interfaces[r.Interface].Name, r.Connected))
            .ToList();

    /// <summary>The learnt neighbors: interface name, IP and MAC as text.</summary>
    public IReadOnlyList<(string Interface, string Address, string Mac)> GetNeighbors() =>
        _l3.Neighbors().Select(n => (Interfaces[n.Interface].Name, Ipv4Prefix.FormatAddress(n.Address), Topology.MacFormat.Format(n.Mac))).ToList();

    protected override FrameDisposition OnFrame(int ingressInterface, Span<byte> frame, IFrameSink sink)
    {
        if (_l3.TryHandleLocal(ingressInterface, frame, sink, passLocal: false, out FrameDisposition disposition, out Ipv4Packet packet))
        {
            return disposition;
        }

        if (_l3.TtlExpires(ingressInterface, frame, in packet, sink))
        {
            return FrameDisposition.Answered;
        }

        RouteTable.Route? route = _routes.Lookup(packet.Destination);
        if (route is null)
        {
            _noRoute++;
            _l3.SendIcmpError(ingressInterface, frame, in packet, 3, 0, sink);
            return FrameDisposition.Answered;
        }

        uint nextHop = route.Connected ? packet.Destination : route.NextHop;
        return _l3.Forward(ingressInterface, route.Interface, nextHop, frame, in packet, sink);
    }

    protected override void OnTick(IFrameSink sink) => _l3.Tick(sink);

    protected override void AddCounters(List<ApplianceCounter> counters)
    {
        counters.Add(new("no-route", _noRoute));
        counters.Add(new("ttl-expired", _l3.TtlExpired));
        counters.Add(new("arp-requests", _l3.ArpRequestsSent));
        counters.Add(new("arp-unresolved", _l3.ArpUnresolved));
        counters.Add(new("queue-full", _l3.QueueFull));
        counters.Add(new("not-for-us", _l3.NotForUs));
        counters.Add(new("tagged", _l3.Tagged));
        counters.Add(new("malformed", _l3.Malformed));
        counters.Add(new("neighbors", _l3.NeighborCount));
        counters.Add(new("routes", _routes.Count));
    }
}
