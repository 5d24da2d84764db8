using System.Globalization;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// Builds one direction's hop list of a ping: an ingress opens a hop at a switch, the switch's next
/// egress closes it. Not thread-safe; <see cref="PingProbe"/> locks around it.
/// </summary>
internal sealed class PathRecorder
{
    private readonly List<Hop> _hops = [];
    private readonly Dictionary<SwitchNode, int> _lastIngress = [];

    public void Ingress(SwitchNode node, uint port)
    {
        _hops.Add(new Hop(node, port, null));
        _lastIngress[node] = _hops.Count - 1;
    }

    public void Egress(SwitchNode node, uint port)
    {
        if (!_lastIngress.TryGetValue(node, out int index))
        {
            // Nothing entered this switch: the controller put the frame there with PACKET_OUT.
            _hops.Add(new Hop(node, null, port));
            return;
        }

        var hop = _hops[index];
        if (hop.Out is null)
        {
            _hops[index] = hop with { Out = port };
        }
        else
        {
            // A second output of the same packet (flood, ALL group, packet-out after packet-in...).
            _hops.Add(hop with { Out = port });
        }
    }

    public IReadOnlyList<string> Render() => [.. _hops.Select(h => h.ToString())];

    private readonly record struct Hop(SwitchNode Node, uint? In, uint? Out)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Node.Name}:{(In is { } i ? i.ToString(CultureInfo.InvariantCulture) : "controller")}->{(Out is { } o ? o.ToString(CultureInfo.InvariantCulture) : "drop")}");
    }
}
