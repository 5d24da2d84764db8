using System.Globalization;
using SdnCtl.OpenFlow;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    /// <summary>
    /// Follows a frame through the network without sending it: injected at switch
    /// <paramref name="switchOrHost"/>'s <paramref name="port"/>, or sent by host
    /// <paramref name="switchOrHost"/> (then <paramref name="port"/> is ignored). Each switch runs it
    /// through its pipeline with <see cref="Switch.SimulatedSwitch.Trace"/>; every output that
    /// reaches another switch is traced there in turn (breadth first, so a flood branches), and every
    /// output that reaches an appliance runs through its frame processing and is followed out of the
    /// interfaces it leaves by (an appliance hop shows its interfaces and verdict), until
    /// frames reach hosts, are dropped, revisit a port with the same bytes (a loop), or
    /// <see cref="SimulatedNetworkOptions.MaxTraceHops"/> is spent.
    /// </summary>
    /// <remarks>
    /// Flow and port counters change as for real traffic (the switch's trace does that). Packets
    /// sent to the controller are listed but the controller's reaction is not part of the trace, and
    /// a SELECT group picks its bucket as it would for real traffic.
    /// </remarks>
    /// <exception cref="ArgumentException">No switch or host has that name (see <see cref="Inventory"/>).</exception>
    public async Task<NetworkTrace> TraceAsync(string switchOrHost, uint port, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(switchOrHost);
        SwitchNode start;
        uint inPort;
        string origin;
        if (Inventory.FindHostNode(switchOrHost) is { } host)
        {
            start = (SwitchNode)host.Uplink.Peer;
            inPort = host.Uplink.PeerPort;
            origin = $"host {host.Name} ({start.Name}:{inPort})";
        }
        else if (Inventory.FindSwitchNode(switchOrHost) is { } sw)
        {
            start = sw;
            inPort = port;
            origin = string.Create(CultureInfo.InvariantCulture, $"{sw.Name}:{port}");
        }
        else
        {
            throw new ArgumentException($"no switch or host is named '{switchOrHost}'", nameof(switchOrHost));
        }

        byte[] copy = frame.ToArray();
        // SimulatedSwitch.Trace blocks until the switch has run the frame: keep that off the caller's thread.
        return await Task.Run(() => Trace(origin, start, inPort, copy, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static (NetworkNode, uint, int, int) VisitKey(NetworkNode node, uint port, byte[] frame)
    {
        var hash = default(HashCode);
        hash.AddBytes(frame);
        return (node, port, frame.Length, hash.ToHashCode());
    }

    private NetworkTrace Trace(string origin, SwitchNode start, uint inPort, byte[] frame, CancellationToken cancellationToken)
    {
        var hops = new List<NetworkTraceHop>();
        var visited = new HashSet<(NetworkNode, uint, int, int)> { VisitKey(start, inPort, frame) };
        var pending = new Queue<(NetworkNode Node, uint Port, byte[] Frame, int Depth)>();
        pending.Enqueue((start, inPort, frame, 0));
        while (pending.Count > 0 && hops.Count < Options.MaxTraceHops)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (next, port, bytes, depth) = pending.Dequeue();
            if (next is ApplianceNode appliance)
            {
                hops.Add(TraceAppliance(appliance, port, bytes, depth, visited, pending));
                continue;
            }

            var node = (SwitchNode)next;
            var result = node.Switch.Trace(port, bytes);
            var outputs = new List<NetworkTraceOutput>(result.Outputs.Count);
            foreach (var (outPort, output) in result.Outputs)
            {
                if (!node.TryGetAttachment(outPort, out var attachment))
                {
                    outputs.Add(new NetworkTraceOutput(outPort, NetworkTraceOutputKind.Unattached, outPort == OfpPortNo.Local ? "LOCAL (not simulated)" : "nothing attached", output));
                    continue;
                }

                outputs.Add(Follow(attachment, outPort, output, depth, visited, pending));
            }

            var packetIns = result.PacketIns
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"reason={p.Event.Reason} table={p.Event.TableId} cookie=0x{p.Event.Cookie:x} in_port={p.Event.InPort}"))
                .ToList();
            hops.Add(new NetworkTraceHop(depth, node.Name, node.Switch.DatapathId, port, result.Trace?.Steps ?? [], outputs, packetIns));
        }

        return new NetworkTrace(origin, hops, pending.Count > 0);
    }

    /// <summary>An appliance hop: the frame runs through the appliance (its state changes as for real traffic) and what it emits is followed.</summary>
    private NetworkTraceHop TraceAppliance(ApplianceNode node, uint port, byte[] frame, int depth, HashSet<(NetworkNode, uint, int, int)> visited, Queue<(NetworkNode, uint, byte[], int)> pending)
    {
        var (verdict, emitted) = node.Trace((int)port, frame);
        var outputs = new List<NetworkTraceOutput>(emitted.Count);
        var names = new List<string>(emitted.Count);
        foreach (var (index, output) in emitted)
        {
            names.Add(node.Appliance.Interfaces[index].Name);
            outputs.Add(node.Uplink(index) is { } uplink
                ? Follow(uplink, (uint)index, output, depth, visited, pending)
                : new NetworkTraceOutput((uint)index, NetworkTraceOutputKind.Unattached, "interface not cabled", output));
        }

        var appliance = new NetworkTraceAppliance(node.Appliance.Kind, node.Appliance.Interfaces[(int)port].Name, verdict, names);
        return new NetworkTraceHop(depth, node.Name, 0, port, [], outputs, []) { Appliance = appliance };
    }

    private NetworkTraceOutput Follow(PortAttachment attachment, uint port, byte[] frame, int depth, HashSet<(NetworkNode, uint, int, int)> visited, Queue<(NetworkNode, uint, byte[], int)> pending)
    {
        if (attachment.Link is { IsUp: false } link)
        {
            return new NetworkTraceOutput(port, NetworkTraceOutputKind.LinkDown, $"{attachment.Describe()} (link {link.Name} is down)", frame);
        }

        if (attachment.Peer is HostNode)
        {
            return new NetworkTraceOutput(port, NetworkTraceOutputKind.Host, attachment.Describe(), frame);
        }

        if (depth + 1 >= Options.MaxHops)
        {
            return new NetworkTraceOutput(port, NetworkTraceOutputKind.HopLimit, attachment.Describe(), frame);
        }

        if (!visited.Add(VisitKey(attachment.Peer, attachment.PeerPort, frame)))
        {
            return new NetworkTraceOutput(port, NetworkTraceOutputKind.Loop, attachment.Describe(), frame);
        }

        pending.Enqueue((attachment.Peer, attachment.PeerPort, frame, depth + 1));
        return new NetworkTraceOutput(port, attachment.Peer is ApplianceNode ? NetworkTraceOutputKind.Appliance : NetworkTraceOutputKind.Switch, attachment.Describe(), frame);
    }
}
