namespace SdnCtl.Control;

/// <summary>Counters of the control plane since it started, read at one moment.</summary>
public sealed record ControllerStats
{
    /// <summary>PACKET_INs received from switches (including dropped ones).</summary>
    public long PacketIns { get; init; }

    /// <summary>PACKET_INs dropped because the loop was behind by <see cref="ControllerOptions.MaxPendingPacketIns"/>.</summary>
    public long PacketInsDropped { get; init; }

    /// <summary>FLOW_MODs handed to switches.</summary>
    public long FlowModsSent { get; init; }

    /// <summary>PACKET_OUTs handed to switches (LLDP probes, floods, deliveries, ARP replies).</summary>
    public long PacketOutsSent { get; init; }

    /// <summary>LLDP probes sent.</summary>
    public long LldpProbesSent { get; init; }

    /// <summary>Frames flooded to the edge ports.</summary>
    public long Floods { get; init; }

    /// <summary>Flooded frames that came back up and were dropped (a link not discovered yet).</summary>
    public long FloodEchoesDropped { get; init; }

    /// <summary>ARP requests answered by the controller.</summary>
    public long ProxyArpReplies { get; init; }

    /// <summary>Packets to a known host with no path to it.</summary>
    public long Unreachable { get; init; }

    /// <summary>Topology changes that made the controller recompute installed paths.</summary>
    public long Reroutes { get; init; }

    /// <summary>Destinations whose paths were recomputed, summed over all reroutes.</summary>
    public long ReroutedDestinations { get; init; }

    /// <summary>Controller time of the last reroute, from receiving the triggering event to queuing the last FLOW_MOD.</summary>
    public TimeSpan LastRerouteDuration { get; init; }

    /// <summary>The part of <see cref="LastRerouteDuration"/> the triggering event spent queued behind other inputs before the loop took it.</summary>
    public TimeSpan LastRerouteQueueWait { get; init; }

    /// <summary>
    /// The CPU time the control loop's thread spent on the input that made the last reroute (Linux
    /// only, else null): <see cref="LastRerouteDuration"/> minus the time it waited for a CPU.
    /// </summary>
    public TimeSpan? LastRerouteCpuTime { get; init; }

    /// <summary>The longest reroute so far, measured the same way.</summary>
    public TimeSpan MaxRerouteDuration { get; init; }

    /// <summary>OFPT_ERRORs switches sent that no request was waiting for.</summary>
    public long SwitchErrors { get; init; }

    /// <summary>Inputs the loop has processed (events, ticks, commands).</summary>
    public long InputsProcessed { get; init; }

    /// <summary>Inputs that threw while being processed (logged; the loop went on).</summary>
    public long InputsFailed { get; init; }

    /// <summary>Destinations with installed forwarding rules.</summary>
    public int InstalledRoutes { get; init; }

    /// <summary>Forwarding rules installed over all switches.</summary>
    public int InstalledRules { get; init; }

    /// <summary>PACKET_INs answered on the sessions' I/O threads by the reactive fast path (and applied by the loop since), of <see cref="PacketIns"/>.</summary>
    public long PacketInsFastAnswered { get; init; }
}
