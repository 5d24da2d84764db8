namespace SdnCtl.Topology;

/// <summary>Hash lookups over a <see cref="TopologyDocument"/>, built once per document on first use.</summary>
internal sealed class DocumentIndex
{
    public DocumentIndex(TopologyDocument document)
    {
        SwitchesByName = new Dictionary<string, SwitchSpec>(document.Switches.Count, StringComparer.Ordinal);
        SwitchesByDatapathId = new Dictionary<ulong, SwitchSpec>(document.Switches.Count);
        foreach (SwitchSpec s in document.Switches)
        {
            // A hand-built document may hold duplicates; the first one wins, as in declaration order.
            SwitchesByName.TryAdd(s.Name, s);
            SwitchesByDatapathId.TryAdd(s.DatapathId, s);
        }

        HostsByName = new Dictionary<string, HostSpec>(document.Hosts.Count, StringComparer.Ordinal);
        foreach (HostSpec h in document.Hosts)
        {
            HostsByName.TryAdd(h.Name, h);
        }
    }

    public Dictionary<string, SwitchSpec> SwitchesByName { get; }

    public Dictionary<ulong, SwitchSpec> SwitchesByDatapathId { get; }

    public Dictionary<string, HostSpec> HostsByName { get; }
}
