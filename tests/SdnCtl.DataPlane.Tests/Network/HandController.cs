using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Switch;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Network;

/// <summary>
/// Programs a <see cref="SimulatedNetwork"/>'s switches by hand, with no controller process: each
/// switch gets a recorded session (HELLO accepted), and FLOW_MODs go through the switch's own
/// message handling exactly as if they came over the wire.
/// </summary>
internal sealed class HandController
{
    private readonly SimulatedNetwork _network;
    private readonly Dictionary<string, (SimulatedSwitch Switch, ControllerSession Session, RecordingChannel Channel)> _switches = new(StringComparer.Ordinal);

    public HandController(SimulatedNetwork network)
    {
        _network = network;
        foreach (string name in network.Inventory.Switches)
        {
            var sw = network.Inventory.FindSwitch(name)!;
            var channel = new RecordingChannel();
            var session = sw.Attach(channel);
            sw.HandleMessage(session, Hello.ForVersions(OfpConstants.Version), default);
            _switches.Add(name, (sw, session, channel));
        }
    }

    public RecordingChannel Channel(string switchName) => _switches[switchName].Channel;

    public void AddFlow(string switchName, ushort priority, IEnumerable<OxmEntry> match, params OfpAction[] actions)
    {
        var (sw, session, _) = _switches[switchName];
        var mod = new FlowMod
        {
            Command = FlowModCommand.Add,
            TableId = 0,
            Priority = priority,
            Match = [.. match],
            Instructions = [OfpInstruction.ApplyActions(actions)],
        };
        sw.HandleMessage(session, mod, default);
    }

    /// <summary>Floods broadcast frames everywhere (fine on a loop-free topology).</summary>
    public void FloodBroadcasts()
    {
        foreach (string name in _switches.Keys)
        {
            AddFlow(name, 5, [OxmEntry.EthDst(0xffff_ffff_ffffUL)], OfpAction.Output(OfpPortNo.Flood));
        }
    }

    /// <summary>Floods everything on every switch: on a ring this is a forwarding loop.</summary>
    public void FloodEverything()
    {
        foreach (string name in _switches.Keys)
        {
            AddFlow(name, 1, [], OfpAction.Output(OfpPortNo.Flood));
        }
    }

    /// <summary>
    /// L2 forwarding by destination MAC along hop-count shortest paths (computed from the topology),
    /// plus flooding of broadcasts: what a proactive controller installs on a tree.
    /// </summary>
    public void InstallShortestPathL2()
    {
        var topology = _network.Topology;
        var adjacency = topology.Switches.ToDictionary(s => s.Name, _ => new List<(uint Port, string Peer)>(), StringComparer.Ordinal);
        foreach (var link in topology.Links)
        {
            adjacency[link.A.Switch].Add((link.A.Port, link.B.Switch));
            adjacency[link.B.Switch].Add((link.B.Port, link.A.Switch));
        }

        foreach (var host in topology.Hosts)
        {
            // Breadth first from the host's switch: each switch reached learns the port back towards it.
            var toward = new Dictionary<string, uint>(StringComparer.Ordinal) { [host.Attachment.Switch] = host.Attachment.Port };
            var queue = new Queue<string>([host.Attachment.Switch]);
            while (queue.TryDequeue(out string? current))
            {
                foreach (var (_, peer) in adjacency[current])
                {
                    if (toward.ContainsKey(peer))
                    {
                        continue;
                    }

                    toward[peer] = adjacency[peer].First(e => e.Peer == current).Port;
                    queue.Enqueue(peer);
                }
            }

            foreach (var (sw, port) in toward)
            {
                AddFlow(sw, 10, [OxmEntry.EthDst(host.Mac)], OfpAction.Output(port));
            }
        }

        FloodBroadcasts();
    }

    /// <summary>Waits until every switch has applied what was sent, and checks none refused anything.</summary>
    public async Task SyncAsync()
    {
        foreach (var (sw, _, channel) in _switches.Values)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            sw.Post(done.SetResult);
            await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Empty(channel.OfType<ErrorMessage>());
        }
    }
}
