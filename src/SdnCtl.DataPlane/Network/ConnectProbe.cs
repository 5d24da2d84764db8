namespace SdnCtl.DataPlane.Network;

/// <summary>
/// One connection attempt being watched: its request and answer frames as they enter and leave
/// switches and appliances. A NAT rewrites the tuple, so what an appliance emits while handling
/// one of the attempt's frames joins the set of tuples that count as the attempt's.
/// </summary>
internal sealed class ConnectProbe
{
    private readonly Lock _gate = new();
    private readonly HashSet<FlowTuple> _request = [];
    private readonly PathRecorder _requestPath = new();
    private readonly PathRecorder _replyPath = new();
    private readonly Dictionary<ApplianceNode, bool> _inAppliance = [];

    // Appliances holding one of our frames until a next hop answers ARP (router, NAT): the next
    // TCP/UDP frame they send is that one, translated or not.
    private readonly Dictionary<ApplianceNode, bool> _holding = [];

    // Once the answer is on its way, frames of the request direction are the source's own
    // follow-up (the RST a client stack sends after SYN-ACK), not the path of the attempt.
    private bool _answered;

    public ConnectProbe(FlowTuple first)
    {
        _request.Add(first);
    }

    /// <summary>Adds the tuple of the attempt's first frame (once the source port is known).</summary>
    public void Follow(FlowTuple tuple)
    {
        lock (_gate)
        {
            _request.Add(tuple);
        }
    }

    public IReadOnlyList<string> RequestPath
    {
        get
        {
            lock (_gate)
            {
                return _requestPath.Render();
            }
        }
    }

    public IReadOnlyList<string> ReplyPath
    {
        get
        {
            lock (_gate)
            {
                return _replyPath.Render();
            }
        }
    }

    public void Observe(SwitchNode node, uint port, ReadOnlySpan<byte> frame, bool egress)
    {
        if (!FlowTuple.TryRead(frame, out var tuple))
        {
            return;
        }

        lock (_gate)
        {
            if (Direction(tuple) is not { } isRequest)
            {
                return;
            }

            if (isRequest && _answered)
            {
                return;
            }

            _answered |= !isRequest;
            var path = isRequest ? _requestPath : _replyPath;
            if (egress)
            {
                path.Egress(node, port);
            }
            else
            {
                path.Ingress(node, port);
            }
        }
    }

    public void OnApplianceIngress(ApplianceNode node, int index, ReadOnlySpan<byte> frame)
    {
        lock (_gate)
        {
            _inAppliance.Remove(node);
            if (FlowTuple.TryRead(frame, out var tuple) && Direction(tuple) is { } isRequest && !(isRequest && _answered))
            {
                _inAppliance[node] = isRequest;
                (isRequest ? _requestPath : _replyPath).Ingress(node, (uint)index);
            }
        }
    }

    public void OnApplianceEgress(ApplianceNode node, int index, ReadOnlySpan<byte> frame)
    {
        if (!FlowTuple.TryRead(frame, out var tuple))
        {
            return;
        }

        lock (_gate)
        {
            if (!_inAppliance.TryGetValue(node, out bool isRequest) && !_holding.Remove(node, out isRequest))
            {
                if (Direction(tuple) is { } released && !(released && _answered))
                {
                    (released ? _requestPath : _replyPath).Egress(node, (uint)index);
                }

                return;
            }

            // The frame the appliance is handling is ours: what it sends on is too, rewritten or not.
            _request.Add(isRequest ? tuple : tuple.Reverse);
            (isRequest ? _requestPath : _replyPath).Egress(node, (uint)index);
        }
    }

    /// <summary>The appliance finished with a frame; if it kept ours for later, the frame it releases will be ours.</summary>
    public void OnApplianceDone(ApplianceNode node, Nfv.FrameDisposition verdict)
    {
        lock (_gate)
        {
            if (_inAppliance.Remove(node, out bool isRequest) && verdict == Nfv.FrameDisposition.Queued)
            {
                _holding[node] = isRequest;
            }
        }
    }

    private bool? Direction(FlowTuple tuple) =>
        _request.Contains(tuple) ? true : _request.Contains(tuple.Reverse) ? false : null;
}
