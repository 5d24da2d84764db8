namespace SdnCtl.Control.Paths;

/// <summary>
/// A compact graph that can hand out shortest-path trees toward a destination as arrays of next
/// links (see <see cref="PathGraph.TreeToward"/>), so that installing or rerouting many ingress
/// switches toward one host walks one shared tree instead of running one search per ingress.
/// </summary>
internal interface INextHopGraph
{
    /// <summary>The node index of a switch, or -1.</summary>
    int NodeOf(ulong dpid);

    ulong DpidOf(int node);

    /// <summary>The port a link leaves its source switch by.</summary>
    uint LeavingPort(int link);

    int LinkDestinationNode(int link);
}
