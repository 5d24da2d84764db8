using System.Runtime.CompilerServices;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;

namespace SdnCtl.Control.PathComputation;

/// <summary>
/// One <see cref="CompactGraph"/> per snapshot, shared by snapshots with the same switches and links.
/// Lock-free reads: a snapshot seen before is one weak-table lookup.
/// </summary>
internal sealed class GraphCache
{
    private readonly ConditionalWeakTable<TopologySnapshot, CompactGraph> _bySnapshot = [];
    private CompactGraph? _last;
    private LossView? _lastView;

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

    /// <summary>
    /// A graph to take shortest-path trees from: the snapshot's built graph when there is one, else,
    /// when the snapshot only lost links since the last built graph (a link or port went down), a
    /// <see cref="LinkLossGraph"/> over it, which a reroute gets without building a graph (see there).
    /// The full graph is then built by the first query that needs more than trees.
    /// </summary>
    public INextHopGraph ForTrees(TopologySnapshot snapshot)
    {
        if (_bySnapshot.TryGetValue(snapshot, out CompactGraph? graph))
        {
            return graph;
        }

        LossView? view = Volatile.Read(ref _lastView);
        if (view is not null && ReferenceEquals(view.Snapshot, snapshot))
        {
            return view.Graph;
        }

        CompactGraph? last = Volatile.Read(ref _last);
        if (last is not null && !last.Matches(snapshot) && LinkLossGraph.TryCreate(last, snapshot) is { } loss)
        {
            Volatile.Write(ref _lastView, new LossView(snapshot, loss));
            return loss;
        }

        return Get(snapshot);
    }

    /// <summary>The last link-loss view and the snapshot it stands for (one reroute asks for many trees on one snapshot).</summary>
    private sealed record LossView(TopologySnapshot Snapshot, LinkLossGraph Graph);
}
