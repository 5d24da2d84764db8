using System.Collections.Frozen;
using SdnCtl.Topology;

namespace SdnCtl.Control.Network;

/// <summary>
/// Lookups over a declared <see cref="TopologyDocument"/> in the control plane's terms: switch
/// names by datapath id, declared cables by their <c>dpid:port</c> ends, host names by MAC.
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

        SwitchNames = names.ToFrozenDictionary();
        Links = links.ToFrozenDictionary();
        HostNames = hosts.ToFrozenDictionary();
    }

    public TopologyDocument Document { get; }

    public FrozenDictionary<ulong, string> SwitchNames { get; }

    public FrozenDictionary<(SwitchPort Source, SwitchPort Destination), LinkSpec> Links { get; }

    public FrozenDictionary<ulong, string> HostNames { get; }

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
