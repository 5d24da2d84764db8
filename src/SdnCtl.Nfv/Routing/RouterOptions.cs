using System.Globalization;
using SdnCtl.Nfv.Layer3;
using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Routing;

/// <summary>
/// Router configuration: one interface per segment it joins, whose address is the segment's gateway,
/// plus static routes. Each interface's subnet is a connected route.
/// </summary>
public sealed class RouterOptions : ApplianceOptions
{
    /// <summary>Static routes, matched by longest prefix together with the connected ones.</summary>
    public List<RouteOptions> Routes { get; set; } = [];

    /// <summary>How long a learnt MAC is trusted.</summary>
    public TimeSpan ArpTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time between ARP requests for an unresolved next hop.</summary>
    public TimeSpan ArpRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>ARP requests repeated before giving up (then ICMP host unreachable).</summary>
    public int ArpRetries { get; set; } = 2;

    /// <summary>Packets held per unresolved next hop; more are dropped.</summary>
    public int MaxQueuedPerNextHop { get; set; } = 16;

    protected override bool AddressRequired => true;

    protected override void ValidateCore(List<OptionError> errors)
    {
        ValidateTimings(errors, ArpTimeout, ArpRetryInterval, ArpRetries, MaxQueuedPerNextHop);
        Ipv4Prefix[] subnets = BuildInterfaces().Select(i => i.Address!.Value).ToArray();
        for (int i = 0; i < subnets.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (subnets[i].Contains(subnets[j].Network) || subnets[j].Contains(subnets[i].Network))
                {
                    errors.Add(new OptionError($"interfaces[{i}].address", $"subnet {subnets[i]} overlaps interfaces[{j}] ({subnets[j]})"));
                }
            }
        }

        if (Routes is null)
        {
            errors.Add(new OptionError("routes", "must be a list (it may be empty)"));
            return;
        }

        var seen = new HashSet<Ipv4Prefix>();
        for (int i = 0; i < Routes.Count; i++)
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"routes[{i}]");
            if (TryParseRoute(Routes[i], subnets, at, errors, out Ipv4Prefix destination, out _, out _) && !seen.Add(destination))
            {
                errors.Add(new OptionError(at + ".destination", $"{destination} has another route already"));
            }
        }
    }

    internal static void ValidateTimings(List<OptionError> errors, TimeSpan arpTimeout, TimeSpan retryInterval, int retries, int maxQueued)
    {
        Firewall.FirewallOptions.CheckTimeout(errors, "arpTimeout", arpTimeout);
        Firewall.FirewallOptions.CheckTimeout(errors, "arpRetryInterval", retryInterval);
        if (retries is < 0 or > 10)
        {
            errors.Add(new OptionError("arpRetries", $"{retries} is not 0–10"));
        }

        if (maxQueued is < 1 or > 1024)
        {
            errors.Add(new OptionError("maxQueuedPerNextHop", $"{maxQueued} is not 1–1024"));
        }
    }

    internal NeighborTimings Timings => new(ArpTimeout, ArpRetryInterval, ArpRetries, MaxQueuedPerNextHop);

    /// <summary>Checks one static route against the interfaces' subnets, naming the bad field.</summary>
    internal static bool TryParseRoute(RouteOptions? route, IReadOnlyList<Ipv4Prefix> subnets, string at, List<OptionError> errors,
        out Ipv4Prefix destination, out uint nextHop, out int iface)
    {
        destination = default;
        nextHop = 0;
        iface = -1;
        if (route is null)
        {
            errors.Add(new OptionError(at, "is null"));
            return false;
        }

        int before = errors.Count;
        if (!Ipv4Prefix.TryParse(route.Destination, network: true, out destination, out string? error))
        {
            errors.Add(new OptionError(at + ".destination", error!));
        }

        if (!Ipv4Prefix.TryParseAddress(route.NextHop, out nextHop))
        {
            errors.Add(new OptionError(at + ".nextHop", $"'{route.NextHop}' is not an IPv4 address"));
        }
        else
        {
            for (int i = 0; i < subnets.Count; i++)
            {
                if (subnets[i].Contains(nextHop))
                {
                    iface = i;
                }
            }

            if (iface < 0)
            {
                errors.Add(new OptionError(at + ".nextHop", $"{route.NextHop} is not on any of the router's subnets ({string.Join(", ", subnets)})"));
            }
            else if (subnets[iface].Address == nextHop)
            {
                errors.Add(new OptionError(at + ".nextHop", $"{route.NextHop} is the router's own address"));
            }
        }

        return errors.Count == before;
    }
}
