using System.Net;
using System.Net.Sockets;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// What a <see cref="SimulatedNetwork"/> holds, by name: for validating requests (REST, CLI) and
/// for looking switches up by name or datapath id and hosts by name or address.
/// </summary>
public sealed class NetworkInventory
{
    private readonly Dictionary<string, SwitchNode> _switchesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, SwitchNode> _switchesByDpid = [];
    private readonly Dictionary<SimulatedSwitch, SwitchNode> _switchesByInstance = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, HostNode> _hostsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, HostNode> _hostsByAddress = [];

    internal NetworkInventory(IReadOnlyList<SwitchNode> switches, IReadOnlyList<HostNode> hosts, IReadOnlyList<SimulatedLink> links)
    {
        foreach (var s in switches)
        {
            if (!_switchesByName.TryAdd(s.Name, s))
            {
                throw new ArgumentException($"two switches are named '{s.Name}'");
            }

            if (!_switchesByDpid.TryAdd(s.Switch.DatapathId, s))
            {
                throw new ArgumentException($"switches '{_switchesByDpid[s.Switch.DatapathId].Name}' and '{s.Name}' have the same datapath id {s.Switch.DatapathId}");
            }

            _switchesByInstance.Add(s.Switch, s);
        }

        foreach (var h in hosts)
        {
            if (!_hostsByName.TryAdd(h.Name, h))
            {
                throw new ArgumentException($"two hosts are named '{h.Name}'");
            }

            // Duplicate addresses are a legitimate test of the controller; the first host wins lookups.
            _hostsByAddress.TryAdd(h.Host.Ipv4Address, h);
        }

        Switches = [.. switches.Select(s => s.Name)];
        Hosts = [.. hosts.Select(h => h.Name)];
        Links = [.. links.Select(l => l.Name)];
    }

    /// <summary>Switch names, in declaration order.</summary>
    public IReadOnlyList<string> Switches { get; }

    /// <summary>Host names, in declaration order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>Link names (<c>a:port-b:port</c>), in declaration order.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>Finds a switch by name, or by datapath id written as decimal, <c>0x</c> hex or <c>00:00:00:00:00:00:00:01</c>.</summary>
    public SimulatedSwitch? FindSwitch(string nameOrDatapathId) => FindSwitchNode(nameOrDatapathId)?.Switch;

    /// <summary>Finds a switch by datapath id.</summary>
    public SimulatedSwitch? FindSwitch(ulong datapathId) => _switchesByDpid.GetValueOrDefault(datapathId)?.Switch;

    /// <summary>The name of a switch of this network, or null.</summary>
    public string? NameOf(SimulatedSwitch sw) => sw is not null && _switchesByInstance.TryGetValue(sw, out var node) ? node.Name : null;

    /// <summary>The name of the switch with <paramref name="datapathId"/>, or null.</summary>
    public string? SwitchName(ulong datapathId) => _switchesByDpid.GetValueOrDefault(datapathId)?.Name;

    /// <summary>Finds a host by name, or by its IPv4 address in text.</summary>
    public SimulatedHost? FindHost(string nameOrAddress) => FindHostNode(nameOrAddress)?.Host;

    /// <summary>Finds a host by IPv4 address (as a 32-bit number).</summary>
    public SimulatedHost? FindHost(uint ipv4) => _hostsByAddress.GetValueOrDefault(ipv4)?.Host;

    internal SwitchNode? FindSwitchNode(string nameOrDatapathId)
    {
        ArgumentNullException.ThrowIfNull(nameOrDatapathId);
        if (_switchesByName.TryGetValue(nameOrDatapathId, out var node))
        {
            return node;
        }

        return DatapathIds.TryParse(nameOrDatapathId, out ulong dpid) ? _switchesByDpid.GetValueOrDefault(dpid) : null;
    }

    internal SwitchNode? FindSwitchNode(SimulatedSwitch sw) => _switchesByInstance.GetValueOrDefault(sw);

    internal HostNode? FindHostNode(string nameOrAddress)
    {
        ArgumentNullException.ThrowIfNull(nameOrAddress);
        if (_hostsByName.TryGetValue(nameOrAddress, out var node))
        {
            return node;
        }

        return IPAddress.TryParse(nameOrAddress, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? _hostsByAddress.GetValueOrDefault(Ipv4Addresses.ToUInt32(address))
            : null;
    }
}
