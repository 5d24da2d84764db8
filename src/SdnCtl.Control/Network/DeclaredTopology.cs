using System.Collections.Frozen;
using SdnCtl.Topology;

namespace SdnCtl.Control.Network;

/// <summary>
/// Lookups over a declared <see cref="TopologyDocument"/> in the control plane's terms: switch
/// names by datapath id, declared cables by their <c>dpid:port</c> ends, host names by MAC,
/// the ports appliances are cabled to with their interfaces' MACs.
/// Built once when a document is given, read by the loop and by snapshot comparisons.
/// </summary>
internal sealed class DeclaredTopology
{
    public DeclaredTopology(TopologyDocument document)
    {
        Document = document;
        var names = new Dictionary<ulong, string>(document.Switches.Count);
        foreach (SwitchSpec s in document.Switches)
        {
            names.TryAdd(s.DatapathId, s.Name);
        }

        var links = new Dictionary<(SwitchPort, SwitchPort), LinkSpec>(document.Links.Count * 2);
        foreach (LinkSpec link in document.Links)
        {
            if (TryResolve(document, link.A, out SwitchPort a) && TryResolve(document, link.B, out SwitchPort b))
            {
                // Declared cables are undirected; index both orientations so a directed lookup hits.
                links.TryAdd((a, b), link);
                links.TryAdd((b, a), link);
            }
        }

        var hosts = new Dictionary<ulong, string>(document.Hosts.Count);
        foreach (HostSpec h in document.Hosts)
        {
            hosts.TryAdd(h.Mac, h.Name);
        }

        var appliancePorts = new Dictionary<SwitchPort, HashSet<ulong>>();
        foreach (Topology.Appliances.ApplianceInterfaceSpec i in document.Appliances.SelectMany(a => a.Interfaces))
        {
            if (TryResolve(document, i.Attachment, out SwitchPort at))
            {
                if (!appliancePorts.TryGetValue(at, out HashSet<ulong>? macs))
                {
                    appliancePorts.Add(at, macs = []);
                }

                macs.Add(i.Mac);
            }
        }

        var tunnelPorts = new HashSet<SwitchPort>();
        foreach (SwitchSpec s in document.Switches.Where(s => s.Vtep is not null))
        {
            tunnelPorts.UnionWith(Topology.Tenants.VxlanTunnels.Of(document, s).Select(t => new SwitchPort(s.DatapathId, t.Port)));
        }

        SwitchNames = names.ToFrozenDictionary();
        TunnelPorts = tunnelPorts.ToFrozenSet();
        Links = links.ToFrozenDictionary();
        HostNames = hosts.ToFrozenDictionary();
        AppliancePorts = appliancePorts.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet());
    }

    public TopologyDocument Document { get; }

    public FrozenDictionary<ulong, string> SwitchNames { get; }

    public FrozenDictionary<(SwitchPort Source, SwitchPort Destination), LinkSpec> Links { get; }

    public FrozenDictionary<ulong, string> HostNames { get; }

    /// <summary>The switch ports declared appliances are cabled to, each with the MACs of the interfaces there.</summary>
    public FrozenDictionary<SwitchPort, FrozenSet<ulong>> AppliancePorts { get; }

    /// <summary>The VXLAN tunnel ports of the declared VTEP switches: a frame from one was decapsulated, its sender is behind another VTEP.</summary>
    public FrozenSet<SwitchPort> TunnelPorts { get; }

    /// <summary>
    /// True when a frame from <paramref name="source"/> arriving at <paramref name="at"/> says nothing
    /// about where its sender is: it comes out of a VXLAN tunnel (<see cref="TunnelPorts"/>), or out of
    /// a declared appliance that is not <paramref name="source"/> itself, which re-emits other hosts'
    /// frames (a one-armed firewall sends every frame it passes, a segment's broadcasts included, back
    /// out of the port it came in by).
    /// </summary>
    public bool IsRelayed(SwitchPort at, ulong source) =>
        TunnelPorts.Contains(at) || (AppliancePorts.TryGetValue(at, out FrozenSet<ulong>? own) && !own.Contains(source));

    /// <summary>Maps a document's <c>name:port</c> to <c>dpid:port</c>.</summary>
    public static bool TryResolve(TopologyDocument document, PortRef port, out SwitchPort resolved)
    {
        SwitchSpec? s = document.FindSwitch(port.Switch);
        resolved = s is null ? default : new SwitchPort(s.DatapathId, port.Port);
        return s is not null;
    }

    public LinkSpec? FindLink(SwitchPort source, SwitchPort destination) =>
        Links.GetValueOrDefault((source, destination));
}
