using System.Globalization;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// Builds one direction's hop list of a ping: an ingress opens a hop at a switch, the switch's next
/// egress closes it. Not thread-safe; <see cref="PingProbe"/> locks around it.
/// </summary>
internal sealed class PathRecorder
{
    private readonly List<Hop> _hops = [];
    private readonly Dictionary<NetworkNode, int> _lastIngress = [];

    public void Ingress(NetworkNode node, uint port)
    {
        _hops.Add(new Hop(node, port, null));
        _lastIngress[node] = _hops.Count - 1;
    }

    public void Egress(NetworkNode node, uint port)
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

    private readonly record struct Hop(NetworkNode Node, uint? In, uint? Out)
    {
        // An appliance hop names its interfaces: "nat-a:inside->outside".
        public override string ToString() => Node is ApplianceNode appliance
            ? $"{Node.Name}:{(In is { } ai ? appliance.Appliance.Interfaces[(int)ai].Name : "?")}->{(Out is { } ao ? appliance.Appliance.Interfaces[(int)ao].Name : "drop")}"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{Node.Name}:{(In is { } i ? i.ToString(CultureInfo.InvariantCulture) : "controller")}->{(Out is { } o ? o.ToString(CultureInfo.InvariantCulture) : "drop")}");
    }
}
