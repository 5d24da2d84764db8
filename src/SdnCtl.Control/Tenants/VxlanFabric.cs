using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// The VXLAN tunnel endpoints of the declared topology, as the controller compiles for them: each
/// VTEP switch's underlay address, and its tunnel ports with the switch each leads to. Taken from
/// the same <see cref="VxlanTunnels"/> the simulator builds its ports from.
/// </summary>
internal sealed class VxlanFabric
{
    public static readonly VxlanFabric None = new([], []);

    private VxlanFabric(Dictionary<ulong, uint> addresses, Dictionary<ulong, List<(uint Port, ulong Remote)>> tunnels)
    {
        Addresses = addresses;
        Tunnels = tunnels;
    }

    /// <summary>Underlay IPv4 address per VTEP switch.</summary>
    public IReadOnlyDictionary<ulong, uint> Addresses { get; }

    /// <summary>Tunnel ports per VTEP switch, in port order, with the VTEP switch at the far end.</summary>
    public IReadOnlyDictionary<ulong, List<(uint Port, ulong Remote)>> Tunnels { get; }

    public bool IsEmpty => Addresses.Count == 0;

    public static VxlanFabric From(TopologyDocument? document)
    {
        if (document is null || document.Switches.All(s => s.Vtep is null))
        {
            return None;
        }

        var addresses = new Dictionary<ulong, uint>();
        var tunnels = new Dictionary<ulong, List<(uint, ulong)>>();
        foreach (SwitchSpec s in document.Switches.Where(s => s.Vtep is not null))
        {
            addresses[s.DatapathId] = s.Vtep!.Address;
            tunnels[s.DatapathId] = [.. VxlanTunnels.Of(document, s).Select(t => (t.Port, t.Remote.DatapathId))];
        }

        return new VxlanFabric(addresses, tunnels);
    }

    /// <summary>The tunnel port on <paramref name="dpid"/> toward <paramref name="remote"/>, or null.</summary>
    public uint? PortToward(ulong dpid, ulong remote) =>
        Tunnels.TryGetValue(dpid, out var list) && list.FindIndex(t => t.Remote == remote) is int i and >= 0 ? list[i].Port : null;
}
