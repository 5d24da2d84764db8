using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Transport;
using SdnCtl.Nfv;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Network;

/// <summary>Behaviour and sizing of a <see cref="SimulatedNetwork"/>.</summary>
public sealed class SimulatedNetworkOptions
{
    /// <summary>
    /// How many switches a frame may cross before the network drops it. Real Ethernet has no such
    /// limit (a flood loop melts it); the simulator needs one so that a loop in the controller's
    /// rules ends instead of spinning forever. Default 64, far above any topology's diameter.
    /// </summary>
    public int MaxHops { get; init; } = 64;

    /// <summary>Frames queued for delivery at most; beyond it frames are dropped (a storm's tail drop). Default 100,000.</summary>
    public int MaxFramesInFlight { get; init; } = 100_000;

    /// <summary>Ping timeout when none is given. Default 2 s.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most switch hops one packet trace follows (floods branch). Default 256.</summary>
    public int MaxTraceHops { get; init; } = 256;

    /// <summary>
    /// Switch options per declared switch (e.g. more tables). The result must keep the declared
    /// <see cref="SwitchSpec.DatapathId"/>. Default: the datapath id, with the name as DESC's datapath description.
    /// </summary>
    public Func<SwitchSpec, SwitchOptions>? ConfigureSwitch { get; init; }

    /// <summary>Host options per declared host (listening ports, gateway...). Default <see cref="SimulatedHostOptions"/>' defaults.</summary>
    public Func<HostSpec, SimulatedHostOptions>? ConfigureHost { get; init; }

    /// <summary>Clock for switches (flow timeouts) and hosts (RTT, ARP retries); the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// Reconnect, tick and connect-timeout settings for the switch agents; <see cref="SwitchAgentOptions.Host"/>
    /// and <see cref="SwitchAgentOptions.Port"/> are replaced by the controller given to
    /// <see cref="SimulatedNetwork.StartAsync"/>. Defaults when null.
    /// </summary>
    public SwitchAgentOptions? Agent { get; init; }

    /// <summary>Threads of the one DotNetty event loop group all switches share; 0 = one per core.</summary>
    public int EventLoopThreads { get; init; }

    /// <summary>How long <see cref="SimulatedNetwork.StartAsync"/> waits for every switch to connect before returning anyway. Default 10 s.</summary>
    public TimeSpan ConnectWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The appliance kinds the topology's <c>appliances:</c> are created from (third-party
    /// assemblies named there are loaded into it). Default: the built-in firewall, router and NAT.
    /// </summary>
    public ApplianceRegistry? ApplianceKinds { get; init; }

    /// <summary>How often appliances get their time-driven work done (ARP retries, expiry). Default 100 ms.</summary>
    public TimeSpan ApplianceTick { get; init; } = TimeSpan.FromMilliseconds(100);
}
