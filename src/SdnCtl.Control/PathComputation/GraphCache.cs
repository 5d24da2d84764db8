using System.Runtime.CompilerServices;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// One <see cref="CompactGraph"/> per snapshot, shared by snapshots with the same switches and links.
/// Lock-free reads: a snapshot seen before is one weak-table lookup.
/// </summary>
internal sealed class GraphCache
{
    private readonly ConditionalWeakTable<TopologySnapshot, CompactGraph> _bySnapshot = [];
    private CompactGraph? _last;

    public CompactGraph Get(TopologySnapshot snapshot)
    {
        if (_bySnapshot.TryGetValue(snapshot, out CompactGraph? graph))
        {
            return graph;
        }

        // Most new snapshots differ only in hosts or port details; checking identity of the link
        // records is far cheaper than rebuilding the arrays.
        CompactGraph? last = Volatile.Read(ref _last);
        graph = last is not null && last.Matches(snapshot) ? last : new CompactGraph(snapshot, last);
        graph = _bySnapshot.GetValue(snapshot, _ => graph);
        Volatile.Write(ref _last, graph);
        return graph;
    }
}
