using System.Globalization;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Layer3;
using SdnCtl.Nfv.Packets;
using SdnCtl.Nfv.Routing;

namespace SdnCtl.Nfv.Nat;

/// <summary>
/// NAT configuration. Interface 0 is inside (its address is the inside hosts' gateway), interface 1
/// is outside (its address is the one inside hosts are masqueraded behind).
/// </summary>
public sealed class NatOptions : ApplianceOptions
{
    /// <summary>Outside next hop for destinations not on the outside subnet; unset means only the outside subnet is reachable.</summary>
    public string? Gateway { get; set; }

    /// <summary>Outside ports handed out to masqueraded connections, per protocol.</summary>
    public string PortRange { get; set; } = "1024-65535";

    /// <summary>Idle time after which a TCP mapping is freed.</summary>
    public TimeSpan TcpTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Idle time after which a UDP mapping is freed.</summary>
    public TimeSpan UdpTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Idle time after which an ICMP echo mapping is freed.</summary>
    public TimeSpan IcmpTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Port forwards from the outside address to inside hosts.</summary>
    public List<PortForwardOptions> Forwards { get; set; } = [];

    /// <summary>How long a learnt MAC is trusted.</summary>
    public TimeSpan ArpTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time between ARP requests for an unresolved next hop.</summary>
    public TimeSpan ArpRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>ARP requests repeated before giving up.</summary>
    public int ArpRetries { get; set; } = 2;

    /// <summary>Packets held per unresolved next hop.</summary>
    public int MaxQueuedPerNextHop { get; set; } = 16;

    protected override int MinInterfaces => 2;

    protected override int MaxInterfaces => 2;

    protected override bool AddressRequired => true;

    internal NeighborTimings Timings => new(ArpTimeout, ArpRetryInterval, ArpRetries, MaxQueuedPerNextHop);

    protected override void ValidateCore(List<OptionError> errors)
    {
        RouterOptions.ValidateTimings(errors, ArpTimeout, ArpRetryInterval, ArpRetries, MaxQueuedPerNextHop);
        FirewallOptions.CheckTimeout(errors, "tcpTimeout", TcpTimeout);
        FirewallOptions.CheckTimeout(errors, "udpTimeout", UdpTimeout);
        FirewallOptions.CheckTimeout(errors, "icmpTimeout", IcmpTimeout);
        VirtualInterface[] interfaces = BuildInterfaces();
        Ipv4Prefix inside = interfaces[0].Address!.Value;
        Ipv4Prefix outside = interfaces[1].Address!.Value;
        if (inside.Contains(outside.Network) || outside.Contains(inside.Network))
        {
            errors.Add(new OptionError("interfaces[1].address", $"outside subnet {outside} overlaps the inside subnet {inside}"));
        }

        if (Gateway is not null)
        {
            if (!Ipv4Prefix.TryParseAddress(Gateway, out uint gateway))
            {
                errors.Add(new OptionError("gateway", $"'{Gateway}' is not an IPv4 address"));
            }
            else if (!outside.Contains(gateway) || gateway == outside.Address)
            {
                errors.Add(new OptionError("gateway", $"{Gateway} is not another host on the outside subnet {outside}"));
            }
        }

        if (PortRange is null)
        {
            errors.Add(new OptionError("portRange", "is required"));
        }
        else if (!Packets.PortRange.TryParse(PortRange, out PortRange range, out string? error))
        {
            errors.Add(new OptionError("portRange", error!));
        }
        else if (range.First == 0)
        {
            errors.Add(new OptionError("portRange", $"'{PortRange}' includes port 0"));
        }

        if (Forwards is null)
        {
            errors.Add(new OptionError("forwards", "must be a list (it may be empty)"));
            return;
        }

        var seen = new HashSet<(byte, int)>();
        for (int i = 0; i < Forwards.Count; i++)
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"forwards[{i}]");
            if (TryParseForward(Forwards[i], inside, at, errors, out byte protocol, out _, out ushort externalPort, out _)
                && !seen.Add((protocol, externalPort)))
            {
                errors.Add(new OptionError(at + ".externalPort", $"{Forwards[i].Protocol} port {externalPort} is forwarded already"));
            }
        }
    }

    internal static bool TryParseForward(PortForwardOptions? forward, Ipv4Prefix inside, string at, List<OptionError> errors,
        out byte protocol, out uint insideAddress, out ushort externalPort, out ushort insidePort)
    {
        protocol = 0;
        insideAddress = 0;
        externalPort = 0;
        insidePort = 0;
        if (forward is null)
        {
            errors.Add(new OptionError(at, "is null"));
            return false;
        }

        int before = errors.Count;
        protocol = forward.Protocol?.ToUpperInvariant() switch
        {
            "TCP" => IpProtocol.Tcp,
            "UDP" => IpProtocol.Udp,
            _ => 0,
        };
        if (protocol == 0)
        {
            errors.Add(new OptionError(at + ".protocol", $"'{forward.Protocol}' is not tcp or udp"));
        }

        if (forward.ExternalPort is < 1 or > 65535)
        {
            errors.Add(new OptionError(at + ".externalPort", $"{forward.ExternalPort} is not 1–65535"));
        }

        if (forward.InsidePort is < 1 or > 65535)
        {
            errors.Add(new OptionError(at + ".insidePort", $"{forward.InsidePort} is not 1–65535"));
        }

        if (!Ipv4Prefix.TryParseAddress(forward.InsideAddress, out insideAddress))
        {
            errors.Add(new OptionError(at + ".insideAddress", $"'{forward.InsideAddress}' is not an IPv4 address"));
        }
        else if (!inside.Contains(insideAddress) || insideAddress == inside.Address)
        {
            errors.Add(new OptionError(at + ".insideAddress", $"{forward.InsideAddress} is not a host on the inside subnet {inside}"));
        }

        externalPort = (ushort)forward.ExternalPort;
        insidePort = (ushort)forward.InsidePort;
        return errors.Count == before;
    }
}
