using SdnCtl.Control.Core;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// Runs one install and one reroute on a private four-switch ring before the loop takes its first
/// input, so that the first real link failure does not pay for compiling the reroute path.
/// </summary>
/// <remarks>
/// Measured on a k=16 fat-tree, the first cut took 30–170 ms of which most was the JIT compiling
/// recomputation, graph building and path search for the first time (every later cut: a few ms).
/// ReadyToRun would only help published builds, not <c>dotnet run</c>; exercising the code once
/// works for both. Everything here is thrown away: its own state, forwarding app and outbox, and
/// switches that are never connected to anything. Only the path service is the real one (its
/// caches see a tiny snapshot that the next real query replaces).
/// </remarks>
internal static class RerouteWarmup
{
    private const int Ring = 4;
    private const uint WestPort = 1, EastPort = 2, HostPort = 3;

    /// <summary>A switch that never connects, for compiling the control loop's handlers on an input they ignore.</summary>
    public static ISwitchConnection Stranger { get; } = new IdleConnection(ulong.MaxValue);

    /// <summary>A port change of <see cref="Stranger"/>.</summary>
    public static PortStatus StrangerPortStatus { get; } = new() { Reason = PortReason.Modify, Port = IdleConnection.Port(ulong.MaxValue, EastPort, PortState.LinkDown) };

    /// <summary>What the control loop names as the cause of a port change (the reroute log line says it).</summary>
    public static string PortCause(ulong dpid, PortStatus message) => $"port {new SwitchPort(dpid, message.Port.PortNo)} {message.Reason}";

    /// <returns>How many destinations the cut rerouted (all three, unless the path service refuses the ring).</returns>
    public static int Run(ControllerOptions options, IPathService paths)
    {
        var state = new NetworkState(declared: null);
        var outbox = new Outbox();
        var forwarding = new ReactiveForwarding(options, paths);
        DateTimeOffset now = DateTimeOffset.UnixEpoch;

        var switches = new SwitchEntry[Ring];
        for (int i = 0; i < Ring; i++)
        {
            state.BeginInput(now);
            switches[i] = state.AddSwitch(new IdleConnection((ulong)i + 1));
            forwarding.OnSwitchConnected(switches[i], outbox);
        }

        for (int i = 0; i < Ring; i++)
        {
            var east = new SwitchPort(switches[i].DatapathId, EastPort);
            var west = new SwitchPort(switches[(i + 1) % Ring].DatapathId, WestPort);
            state.LearnLink(east, west);
            state.LearnLink(west, east);
        }

        // Hosts on the far side of the ring, traffic toward them from two switches: several
        // destinations with several ingresses each, as a real reroute has.
        const ulong NearMac = 0x02_00_00_00_00_01, FarMac = 0x02_00_00_00_01_00;
        state.ObserveHost(NearMac, new SwitchPort(switches[0].DatapathId, HostPort), 0x0a000001);
        var frame = new byte[64];
        for (uint h = 0; h < 3; h++)
        {
            state.ObserveHost(FarMac + h, new SwitchPort(switches[2].DatapathId, HostPort), 0x0a000100 + h);
            EthernetHeader.Write(frame, FarMac + h, NearMac, EtherTypes.Ipv4);
            EthernetHeader.TryRead(frame, out EthernetHeader eth);
            foreach (int from in (ReadOnlySpan<int>)[0, 1])
            {
                state.BeginInput(now);
                forwarding.HandlePacketIn(state, switches[from], HostPort, eth, frame, outbox);
                forwarding.ApplyChanges(state, outbox);
                outbox.Clear();
            }
        }

        // Cut the link the first hop took, as the switch would report it, and reroute the other way round.
        uint firstHop = forwarding.HopsToward(FarMac) is { } hops && hops.TryGetValue(switches[0].DatapathId, out uint port) ? port : EastPort;
        state.BeginInput(now);
        var cut = new PortStatus
        {
            Reason = PortReason.Modify,
            Port = IdleConnection.Port(switches[0].DatapathId, firstHop, PortState.LinkDown),
        };
        state.Changes.Cause = PortCause(switches[0].DatapathId, cut);
        state.ApplyPortStatus(switches[0], cut);
        int rerouted = forwarding.ApplyChanges(state, outbox);
        state.GetSnapshot();
        outbox.Clear();
        return rerouted;
    }

    /// <summary>A switch that is never connected: the warm-up's state needs one per datapath, and nothing is ever sent to it.</summary>
    private sealed class IdleConnection(ulong datapathId) : ISwitchConnection
    {
        public ulong DatapathId { get; } = datapathId;

        public string RemoteAddress => "warm-up";

        public FeaturesReply Features { get; } = new() { DatapathId = datapathId, NTables = 1 };

        public DescReply Description { get; } = new();

        public IReadOnlyList<OfpPort> Ports { get; } =
            [Port(datapathId, WestPort, PortState.Live), Port(datapathId, EastPort, PortState.Live), Port(datapathId, HostPort, PortState.Live)];

        public bool IsConnected => false;

        public bool IsWritable => false;

        public static OfpPort Port(ulong dpid, uint number, PortState portState) => new()
        {
            PortNo = number,
            HwAddr = 0x0200_0000_0000UL | ((dpid & 0xffff) << 16) | number,
            Name = $"warmup{dpid}-{number}",
            State = portState,
        };

        public Task WhenWritableAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public uint NextXid() => 0;

        public void Send(OfpMessage message)
        {
        }

        public void Flush()
        {
        }

        public Task BarrierAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
            where TReply : OfpMessage =>
            Task.FromException<TReply>(new InvalidOperationException("the warm-up switch is not connected"));

        public Task<IReadOnlyList<TReply>> RequestMultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
            where TReply : MultipartReply =>
            Task.FromException<IReadOnlyList<TReply>>(new InvalidOperationException("the warm-up switch is not connected"));

        public Task CloseAsync(string reason) => Task.CompletedTask;
    }
}
