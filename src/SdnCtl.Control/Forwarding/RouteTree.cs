using SdnCtl.Control.Network;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// The forwarding rules installed toward one destination host: for each switch holding one, the
/// port its rule outputs to. Rules match only eth_dst, so each switch has at most one next hop per
/// destination and the rules form an in-tree rooted at the host's port; the code that grows the
/// tree keeps it one (every new path stops at the first switch already in it).
/// </summary>
/// <remarks>
/// Most trees hold one rule (on the host's own switch) entered from that one switch: every packet-in
/// cbench sends makes one such tree. So the first hop and the first ingress are held inline, and a
/// dictionary or set is allocated only for a tree that grows past one; a tree per destination used to
/// cost a dictionary and a set (four objects with their arrays) before it held anything.
/// </remarks>
internal sealed class RouteTree
{
    // Hops: while _hopMap is null, _hopCount (0 or 1) of them inline; once it exists, all of them there.
    private ulong _hopDpid;
    private uint _hopPort;
    private int _hopCount;
    private Dictionary<ulong, uint>? _hopMap;

    // Ingresses, the same way.
    private ulong _ingress;
    private bool _hasIngress;
    private HashSet<ulong>? _ingressSet;

    public RouteTree(ulong mac, SwitchPort root)
    {
        Mac = mac;
        Root = root;
    }

    public ulong Mac { get; }

    /// <summary>The host port the tree delivers to.</summary>
    public SwitchPort Root { get; set; }

    /// <summary>How many switches hold a rule of this tree.</summary>
    public int HopCount => _hopMap?.Count ?? _hopCount;

    /// <summary>The output port of <paramref name="dpid"/>'s rule, if it has one.</summary>
    public bool TryGetHop(ulong dpid, out uint port)
    {
        if (_hopMap is not null)
        {
            return _hopMap.TryGetValue(dpid, out port);
        }

        port = _hopPort;
        return _hopCount == 1 && _hopDpid == dpid;
    }

    public bool ContainsHop(ulong dpid) => TryGetHop(dpid, out _);

    /// <summary>Adds the rule of a switch not in the tree yet.</summary>
    public void AddHop(ulong dpid, uint port)
    {
        if (_hopMap is not null)
        {
            _hopMap.Add(dpid, port);
        }
        else if (_hopCount == 0)
        {
            (_hopDpid, _hopPort, _hopCount) = (dpid, port, 1);
        }
        else
        {
            if (_hopDpid == dpid)
            {
                throw new ArgumentException("the switch already has a hop in this tree", nameof(dpid));
            }

            _hopMap = new Dictionary<ulong, uint> { [_hopDpid] = _hopPort, [dpid] = port };
            _hopCount = 0;
        }
    }

    /// <summary>Removes <paramref name="dpid"/>'s rule; false if it had none.</summary>
    public bool RemoveHop(ulong dpid)
    {
        if (_hopMap is not null)
        {
            return _hopMap.Remove(dpid);
        }

        if (_hopCount == 1 && _hopDpid == dpid)
        {
            _hopCount = 0;
            return true;
        }

        return false;
    }

    /// <summary>Appends every hop (switch, output port) to <paramref name="into"/>.</summary>
    public void CopyHopsTo(ICollection<KeyValuePair<ulong, uint>> into)
    {
        if (_hopMap is not null)
        {
            foreach (KeyValuePair<ulong, uint> hop in _hopMap)
            {
                into.Add(hop);
            }
        }
        else if (_hopCount == 1)
        {
            into.Add(new KeyValuePair<ulong, uint>(_hopDpid, _hopPort));
        }
    }

    /// <summary>Removes every hop.</summary>
    public void ClearHops()
    {
        _hopMap?.Clear();
        _hopCount = 0;
    }

    /// <summary>Switches where traffic toward the host entered the network; paths are recomputed from these.</summary>
    public void AddIngress(ulong dpid)
    {
        if (_ingressSet is not null)
        {
            _ingressSet.Add(dpid);
        }
        else if (!_hasIngress)
        {
            (_ingress, _hasIngress) = (dpid, true);
        }
        else if (_ingress != dpid)
        {
            _ingressSet = [_ingress, dpid];
            _hasIngress = false;
        }
    }

    public void RemoveIngress(ulong dpid)
    {
        if (_ingressSet is not null)
        {
            _ingressSet.Remove(dpid);
        }
        else if (_hasIngress && _ingress == dpid)
        {
            _hasIngress = false;
        }
    }

    /// <summary>Appends every ingress switch to <paramref name="into"/>.</summary>
    public void CopyIngressesTo(List<ulong> into)
    {
        if (_ingressSet is not null)
        {
            into.AddRange(_ingressSet);
        }
        else if (_hasIngress)
        {
            into.Add(_ingress);
        }
    }
}
