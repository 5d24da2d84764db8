using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Transport;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// A whole simulated network built from a <see cref="TopologyDocument"/>: one
/// <see cref="SimulatedSwitch"/> per declared switch, a <see cref="SimulatedLink"/> per link and a
/// <see cref="SimulatedHost"/> per host, wired so that whatever a switch outputs on a port arrives
/// at the far end. <see cref="StartAsync"/> connects every switch to a controller; without it the
/// switches can be driven directly (tests install flows by hand).
/// <para>
/// Delivery: a frame output by a switch (or sent by a host) is copied into a pooled buffer and
/// queued in the mailbox of the node at the far end; each node's mailbox is drained by one
/// thread-pool work item at a time, which hands the frame to the switch's pipeline
/// (<see cref="SimulatedSwitch.ReceiveFrame"/>, inline because that thread does not own the
/// switch) or to the host's executor. Nothing is delivered on the sender's stack, so a forwarding
/// loop cannot overflow it, and <see cref="SimulatedNetworkOptions.MaxHops"/> ends such a loop.
/// Delivery is immediate: link bandwidth and latency are recorded, not simulated.
/// </para>
/// </summary>
public sealed partial class SimulatedNetwork : IAsyncDisposable
{
    private readonly List<SwitchNode> _switchNodes = [];
    private readonly List<HostNode> _hostNodes = [];
    private readonly List<SimulatedLink> _links = [];
    private readonly Dictionary<string, SwitchNode> _switchesByName = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private SwitchAgentHost? _agents;
    private int _startState;
    private volatile bool _disposed;

    /// <summary>Builds the network; nothing runs until frames are sent or <see cref="StartAsync"/> is called.</summary>
    /// <exception cref="ArgumentException">The document is inconsistent (a link or host on a missing switch or port, a port cabled twice, duplicate names or datapath ids).</exception>
    public SimulatedNetwork(TopologyDocument topology, SimulatedNetworkOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Topology = topology ?? throw new ArgumentNullException(nameof(topology));
        Options = options ?? new SimulatedNetworkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxHops, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxFramesInFlight, 1);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SimulatedNetwork>();

        var byName = new Dictionary<string, SwitchNode>(StringComparer.Ordinal);
        foreach (var spec in topology.Switches)
        {
            var switchOptions = Options.ConfigureSwitch?.Invoke(spec) ?? new SwitchOptions { DatapathId = spec.DatapathId, DatapathDescription = spec.Name };
            if (switchOptions.DatapathId != spec.DatapathId)
            {
                throw new ArgumentException($"ConfigureSwitch changed the datapath id of switch '{spec.Name}' from {spec.DatapathId} to {switchOptions.DatapathId}", nameof(options));
            }

            var node = new SwitchNode(this, spec, new SimulatedSwitch(switchOptions, Options.Clock, _loggerFactory.CreateLogger<SimulatedSwitch>()));
            if (!byName.TryAdd(spec.Name, node))
            {
                throw new ArgumentException($"two switches are named '{spec.Name}'", nameof(topology));
            }

            _switchNodes.Add(node);
            _switchesByName.Add(spec.Name, node);
        }

        // Ports on links run at the link's rate; the others keep the switch's default.
        var speeds = new Dictionary<PortRef, uint>();
        foreach (var link in topology.Links)
        {
            uint kbps = (uint)Math.Clamp(link.BandwidthMbps * 1000, 1, uint.MaxValue);
            speeds[link.A] = kbps;
            speeds[link.B] = kbps;
        }

        foreach (var node in _switchNodes)
        {
            foreach (var port in node.Spec.Ports)
            {
                ulong hwAddr = PortMac(node.Spec.DatapathId, port.Number);
                if (speeds.TryGetValue(new PortRef(node.Name, port.Number), out uint kbps))
                {
                    node.Switch.AddPort(port.Number, port.Name, hwAddr, kbps);
                }
                else
                {
                    node.Switch.AddPort(port.Number, port.Name, hwAddr);
                }
            }
        }

        // VXLAN tunnel ports: one per remote VTEP, numbered as the controller numbers them (VxlanTunnels).
        foreach (var tunnel in VxlanTunnels.All(topology))
        {
            var node = byName[tunnel.Local.Name];
            var config = new VxlanPortConfig(
                tunnel.LocalAddress,
                tunnel.RemoteAddress,
                tunnel.Local.Vtep!.Uplink,
                PortMac(tunnel.Local.DatapathId, tunnel.Local.Vtep.Uplink),
                PortMac(tunnel.Remote.DatapathId, tunnel.Remote.Vtep!.Uplink));
            node.Switch.AddTunnelPort(tunnel.Port, tunnel.Name, PortMac(tunnel.Local.DatapathId, tunnel.Port), config);
        }

        foreach (var spec in topology.Links)
        {
            var a = Resolve(byName, spec.A, "link", spec.ToString());
            var b = Resolve(byName, spec.B, "link", spec.ToString());
            var link = new SimulatedLink(spec, a.Switch, b.Switch);
            a.Attach(spec.A.Port, new PortAttachment(b, spec.B.Port, link, link.AToB));
            b.Attach(spec.B.Port, new PortAttachment(a, spec.A.Port, link, link.BToA));
            _links.Add(link);
        }

        foreach (var spec in topology.Hosts)
        {
            var sw = Resolve(byName, spec.Attachment, "host", spec.Name);
            var host = new SimulatedHost(spec, Options.ConfigureHost?.Invoke(spec) ?? DeclaredHostOptions(spec), Options.Clock, _loggerFactory.CreateLogger<SimulatedHost>());
            var node = new HostNode(this, host);
            sw.Attach(spec.Attachment.Port, new PortAttachment(node, 0, null, null));
            node.Uplink = new PortAttachment(sw, spec.Attachment.Port, null, null);
            _hostNodes.Add(node);
        }

        HostAppliances(topology, byName);
        Inventory = new NetworkInventory(_switchNodes, _hostNodes, _links);
        Switches = [.. _switchNodes.Select(n => n.Switch)];
        Hosts = [.. _hostNodes.Select(n => n.Host)];
        Links = _links;
    }

    /// <summary>The topology the network was built from.</summary>
    public TopologyDocument Topology { get; }

    /// <summary>Behaviour and sizing.</summary>
    public SimulatedNetworkOptions Options { get; }

    /// <summary>Names and lookups.</summary>
    public NetworkInventory Inventory { get; }

    /// <summary>The switches, in declaration order.</summary>
    public IReadOnlyList<SimulatedSwitch> Switches { get; }

    /// <summary>The hosts, in declaration order.</summary>
    public IReadOnlyList<SimulatedHost> Hosts { get; }

    /// <summary>The switch-to-switch links, in declaration order.</summary>
    public IReadOnlyList<SimulatedLink> Links { get; }

    /// <summary>Delivery counters.</summary>
    public NetworkCounters Counters { get; } = new();

    /// <summary>The switch agents while connected to a controller (empty otherwise).</summary>
    public IReadOnlyList<SwitchAgent> Agents => Volatile.Read(ref _agents)?.Agents ?? [];

    internal ProbeTracker Probes { get; } = new();

    /// <summary>
    /// The MAC of a switch port: locally administered, from the datapath id and port number, so the
    /// same topology always gets the same addresses.
    /// </summary>
    public static ulong PortMac(ulong datapathId, uint port) => 0x0200_0000_0000UL | ((datapathId & 0xff_ffff) << 16) | (port & 0xffff);

    /// <summary>
    /// Connects every switch to the controller at <paramref name="controller"/> through one
    /// <see cref="SwitchAgentHost"/> (one shared event loop group; agents reconnect on their own),
    /// waits until all are connected or <see cref="SimulatedNetworkOptions.ConnectWait"/> passes,
    /// then starts the hosts (gratuitous ARP, if configured).
    /// </summary>
    /// <returns>How many switches were connected when it returned; the others keep trying.</returns>
    public async Task<int> StartAsync(IPEndPoint controller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _startState, 1, 0) != 0)
        {
            throw new InvalidOperationException("the network is already started");
        }

        var template = Options.Agent ?? new SwitchAgentOptions();
        var agentOptions = new SwitchAgentOptions
        {
            Host = controller.Address.ToString(),
            Port = controller.Port,
            InitialReconnectDelay = template.InitialReconnectDelay,
            MaxReconnectDelay = template.MaxReconnectDelay,
            TickInterval = template.TickInterval,
            ConnectTimeout = template.ConnectTimeout,
            Tls = template.Tls,
        };
        var agents = new SwitchAgentHost(agentOptions, Options.EventLoopThreads, _loggerFactory);
        foreach (var node in _switchNodes)
        {
            agents.Add(node.Switch);
        }

        Volatile.Write(ref _agents, agents);
        agents.Start();
        int connected = await WaitForConnectionsAsync(agents, cancellationToken).ConfigureAwait(false);
        NetworkLog.Started(_logger, Topology.Name, connected, _switchNodes.Count, controller.ToString());
        foreach (var host in _hostNodes)
        {
            host.Host.Start();
        }

        AnnounceAppliances();
        return connected;
    }

    /// <summary>Disconnects every switch from the controller (the network keeps forwarding by its installed rules).</summary>
    public async Task StopAsync()
    {
        var agents = Interlocked.Exchange(ref _agents, null);
        if (agents is not null)
        {
            await agents.DisposeAsync().ConfigureAwait(false);
            NetworkLog.Stopped(_logger, Topology.Name);
        }

        Volatile.Write(ref _startState, 0);
    }

    /// <summary>Makes every host send a gratuitous ARP now (e.g. once the controller has installed its table-miss rules).</summary>
    public void AnnounceHosts()
    {
        foreach (var host in _hostNodes)
        {
            host.Host.SendGratuitousArp();
        }

        AnnounceAppliances();
    }

    /// <summary>Disconnects from the controller and stops delivering frames (queued ones are dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        StopAppliances();
        StopCaptures();
    }

    /// <summary>Options of a declared host from its YAML: listening ports and gateway.</summary>
    private static SimulatedHostOptions DeclaredHostOptions(HostSpec spec) => new()
    {
        ListeningTcpPorts = spec.ListenTcp,
        Gateway = spec.Gateway,
    };

    private static SwitchNode Resolve(Dictionary<string, SwitchNode> byName, PortRef port, string what, string which)
    {
        if (!byName.TryGetValue(port.Switch, out var node))
        {
            throw new ArgumentException($"{what} {which}: there is no switch '{port.Switch}'");
        }

        if (node.Spec.FindPort(port.Port) is null)
        {
            throw new ArgumentException($"{what} {which}: switch '{port.Switch}' has no port {port.Port}");
        }

        return node;
    }

    private async Task<int> WaitForConnectionsAsync(SwitchAgentHost agents, CancellationToken cancellationToken)
    {
        // SwitchAgent reports connection only as a property, so this polls it (cheaply, for a bounded time).
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            int connected = agents.Agents.Count(a => a.IsConnected);
            if (connected == agents.Agents.Count || Stopwatch.GetElapsedTime(started) >= Options.ConnectWait)
            {
                return connected;
            }

            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
