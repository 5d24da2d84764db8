using SdnCtl.Control.Network;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// The forwarding rules installed toward one destination host: for each switch holding one, the
/// port its rule outputs to. Rules match only eth_dst, so each switch has at most one next hop per
/// destination and the rules form an in-tree rooted at the host's port; the code that grows the
/// tree keeps it one (every new path stops at the first switch already in it).
/// </summary>
internal sealed class RouteTree
{
    public RouteTree(ulong mac, SwitchPort root)
    {
        Mac = mac;
        Root = root;
    }

    public ulong Mac { get; }

    /// <summary>The host port the tree delivers to.</summary>
    public SwitchPort Root { get; set; }

    /// <summary>Switch → output port of its rule.</summary>
    public Dictionary<ulong, uint> Hops { get; private set; } = [];

    /// <summary>Switches where traffic toward the host entered the network; paths are recomputed from these.</summary>
    public HashSet<ulong> Ingresses { get; } = [];

    /// <summary>Replaces the hop table with <paramref name="empty"/> and returns the old one (for diffing a recomputation without allocating).</summary>
    public Dictionary<ulong, uint> SwapHops(Dictionary<ulong, uint> empty)
    {
        System.Diagnostics.Debug.Assert(empty.Count == 0, "the replacement must be empty");
        Dictionary<ulong, uint> old = Hops;
        Hops = empty;
        return old;
    }

    /// <summary>Replaces the hop table with an empty one and returns the old one (for diffing a recomputation).</summary>
    public Dictionary<ulong, uint> TakeHops()
    {
        Dictionary<ulong, uint> old = Hops;
        Hops = [];
        return old;
    }
}
