using System.Net;
using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>
/// A tiny data plane: fake switches with flow tables, wires between their ports and hosts on
/// edge ports. A PACKET_OUT's output to a wired port arrives at the far switch, runs through its
/// table and, if a rule sends it to the controller, comes back as a PACKET_IN; frames out of a host
/// port land in that host's inbox. A hop limit catches forwarding loops.
/// </summary>
internal sealed class FakeNetwork
{
    public const int HopLimit = 64;

    // One lock for the whole data plane: the control loop flushes into it while the test injects.
    private readonly object _gate = new();
    private readonly Dictionary<ulong, FakeSwitch> _switches = [];
    private readonly Dictionary<SwitchPort, SwitchPort> _wires = [];
    private readonly Dictionary<SwitchPort, FakeHost> _hostsByPort = [];
    private readonly Dictionary<string, FakeHost> _hosts = [];
    private long _packetIns;

    public ISwitchEventSink? Sink { get; set; }

    public IReadOnlyDictionary<ulong, FakeSwitch> Switches => _switches;

    public IReadOnlyDictionary<string, FakeHost> Hosts => _hosts;

    /// <summary>PACKET_INs handed to the controller so far; tests settle until it stops moving.</summary>
    public long PacketInsDelivered => Interlocked.Read(ref _packetIns);

    /// <summary>Frames that hit the hop limit: a forwarding loop.</summary>
    public int LoopedFrames { get; private set; }

    /// <summary>Frames that reached a switch port with neither a wire nor a host behind it.</summary>
    public int FramesIntoTheVoid { get; private set; }

    /// <summary>Builds the switches, cables and hosts of a topology document (nothing connected yet).</summary>
    public static FakeNetwork FromDocument(TopologyDocument document)
    {
        var net = new FakeNetwork();
        foreach (SwitchSpec s in document.Switches)
        {
            net.AddSwitch(s.DatapathId, s.Name, s.Ports.Select(p => p.Number));
        }

        foreach (LinkSpec l in document.Links)
        {
            net.Wire(net.Resolve(document, l.A), net.Resolve(document, l.B));
        }

        foreach (HostSpec h in document.Hosts)
        {
            byte[] ip = h.Ipv4.GetAddressBytes();
            net.AddHost(h.Name, h.Mac, (uint)((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]), net.Resolve(document, h.Attachment));
        }

        return net;
    }

    public FakeSwitch AddSwitch(ulong dpid, string name, IEnumerable<uint> ports)
    {
        var sw = new FakeSwitch(this, dpid, name, ports);
        _switches.Add(dpid, sw);
        return sw;
    }

    public void Wire(SwitchPort a, SwitchPort b)
    {
        lock (_gate)
        {
            _wires[a] = b;
            _wires[b] = a;
        }
    }

    public FakeHost AddHost(string name, ulong mac, uint ipv4, SwitchPort at)
    {
        var host = new FakeHost(name, mac, ipv4, at);
        lock (_gate)
        {
            _hosts.Add(name, host);
            _hostsByPort[at] = host;
        }

        return host;
    }

    public FakeSwitch Switch(ulong dpid) => _switches[dpid];

    public FakeHost Host(string name) => _hosts[name];

    public void ConnectAll()
    {
        foreach (FakeSwitch sw in _switches.Values)
        {
            Sink!.SwitchConnected(sw);
        }
    }

    /// <summary>The switch opens a new session (fresh tables, as after a restart) while the old one still looks open.</summary>
    public (FakeSwitch Old, FakeSwitch New) Reconnect(ulong dpid)
    {
        FakeSwitch old = _switches[dpid];
        var fresh = new FakeSwitch(this, dpid, old.Name, old.PortList.Select(p => p.PortNo));
        lock (_gate)
        {
            _switches[dpid] = fresh;
        }

        Sink!.SwitchConnected(fresh);
        return (old, fresh);
    }

    public void Disconnect(ulong dpid, string reason = "test")
    {
        FakeSwitch sw = _switches[dpid];
        sw.IsConnected = false;
        Sink!.SwitchDisconnected(sw, reason);
    }

    /// <summary>Unplugs a cable. With <paramref name="reportPortStatus"/> both switches send PORT_STATUS (link down), as real ones do.</summary>
    public void Cut(SwitchPort a, bool reportPortStatus = true)
    {
        SwitchPort b;
        lock (_gate)
        {
            b = _wires[a];
            _wires.Remove(a);
            _wires.Remove(b);
        }

        if (reportPortStatus)
        {
            ReportPort(a, up: false);
            ReportPort(b, up: false);
        }
    }

    public void ReportPort(SwitchPort at, bool up)
    {
        FakeSwitch sw = _switches[at.DatapathId];
        OfpPort port = sw.PortList.Single(p => p.PortNo == at.PortNo);
        OfpPort changed = port with { State = up ? PortState.Live : PortState.LinkDown };
        sw.PortList[sw.PortList.IndexOf(port)] = changed;
        Sink!.PortStatusReceived(sw, new PortStatus { Reason = PortReason.Modify, Port = changed });
    }

    /// <summary>Moves a host's cable to another (edge) port.</summary>
    public void MoveHost(string name, SwitchPort to)
    {
        lock (_gate)
        {
            FakeHost host = _hosts[name];
            _hostsByPort.Remove(host.Attachment);
            host.Attachment = to;
            _hostsByPort[to] = host;
        }
    }

    /// <summary>A host puts a frame on its cable.</summary>
    public void Send(string host, byte[] frame)
    {
        lock (_gate)
        {
            SwitchPort at = _hosts[host].Attachment;
            Receive(_switches[at.DatapathId], at.PortNo, frame, hops: 0);
        }
    }

    /// <summary>Called by <see cref="FakeSwitch.Flush"/> on the controller's thread.</summary>
    public void Execute(FakeSwitch sw, IEnumerable<OfpMessage> batch)
    {
        lock (_gate)
        {
            foreach (OfpMessage m in batch)
            {
                switch (m)
                {
                    case FlowMod fm:
                        sw.Table.Apply(fm);
                        break;
                    case PacketOut po:
                        byte[] frame = po.Data.ToArray();
                        foreach (OfpAction a in po.Actions.Where(a => a.Type == OfpActionType.Output))
                        {
                            if (a.Port == OfpPortNo.Table)
                            {
                                Receive(sw, po.InPort, frame, hops: 0);
                            }
                            else
                            {
                                Emit(sw, po.InPort, a.Port, frame, hops: 0);
                            }
                        }

                        break;
                }
            }
        }
    }

    private void Receive(FakeSwitch sw, uint inPort, byte[] frame, int hops)
    {
        if (!sw.IsConnected)
        {
            return;
        }

        if (hops > HopLimit)
        {
            LoopedFrames++;
            return;
        }

        FakeFlow? flow = sw.Table.Lookup(inPort, frame);
        if (flow is null)
        {
            return;
        }

        foreach (uint port in flow.OutputPorts)
        {
            if (port == OfpPortNo.Controller)
            {
                Interlocked.Increment(ref _packetIns);
                Sink!.PacketInReceived(sw, new PacketIn
                {
                    Reason = flow.Priority == 0 ? PacketInReason.NoMatch : PacketInReason.Action,
                    Cookie = flow.Cookie,
                    TotalLength = (ushort)frame.Length,
                    Match = [OxmEntry.InPort(inPort)],
                    Data = frame,
                });
            }
            else
            {
                Emit(sw, inPort, port, frame, hops);
            }
        }
    }

    private void Emit(FakeSwitch sw, uint inPort, uint port, byte[] frame, int hops)
    {
        if (port == inPort)
        {
            // OpenFlow never sends a packet back out of its ingress port unless told OFPP_IN_PORT.
            return;
        }

        var at = new SwitchPort(sw.DatapathId, port);
        if (_wires.TryGetValue(at, out SwitchPort far))
        {
            Receive(_switches[far.DatapathId], far.PortNo, frame, hops + 1);
        }
        else if (_hostsByPort.TryGetValue(at, out FakeHost? host))
        {
            host.Deliver(frame);
        }
        else
        {
            FramesIntoTheVoid++;
        }
    }

    private SwitchPort Resolve(TopologyDocument document, PortRef port) =>
        new(document.FindSwitch(port.Switch)!.DatapathId, port.Port);

    /// <summary>Host-order IPv4 of a dotted address.</summary>
    public static uint Ip(string dotted)
    {
        byte[] b = IPAddress.Parse(dotted).GetAddressBytes();
        return (uint)((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
    }
}
