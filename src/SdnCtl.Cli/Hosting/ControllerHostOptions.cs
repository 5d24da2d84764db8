using System.Net;
using SdnCtl.Control.Switches;
using SdnCtl.Southbound;
using SdnCtl.Southbound.Tls;
using SdnCtl.Topology;

namespace SdnCtl.Cli.Hosting;

/// <summary>Where the controller listens and what it expects.</summary>
internal sealed record ControllerHostOptions
{
    /// <summary>OpenFlow listen address.</summary>
    public IPEndPoint OpenFlow { get; init; } = new(IPAddress.Loopback, 6653);

    /// <summary>TLS on the OpenFlow listener (<c>--of-tls-*</c>); plain TCP when null.</summary>
    public SouthboundTlsOptions? OpenFlowTls { get; init; }

    /// <summary>REST base URL.</summary>
    public Uri Api { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>The topology file's network, the expected picture.</summary>
    public TopologyDocument? Declared { get; init; }

    /// <summary>
    /// An admin API key (<c>--api-key</c>). Without it and without keys in the store, the API is open and
    /// may listen on loopback only.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Where the desired state (static flows, API keys) is kept (<c>--data DIR</c>, a SQLite file);
    /// <see langword="null"/> keeps it in memory only.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Token bucket for the packet-ins of each switch (<c>--packet-in-limit</c>); unlimited by default.</summary>
    public PacketInRateLimit PacketInsPerSwitch { get; init; } = PacketInRateLimit.Unlimited;

    /// <summary>Token bucket for the packet-ins of each switch port (<c>--port-packet-in-limit</c>); unlimited by default.</summary>
    public PacketInRateLimit PacketInsPerPort { get; init; } = PacketInRateLimit.Unlimited;

    /// <summary>LLDP probe interval.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Idle time after which the controller sends an ECHO_REQUEST to a switch.</summary>
    public TimeSpan EchoInterval { get; init; } = new SouthboundOptions().EchoInterval;

    /// <summary>How often switches are polled for port and flow statistics; zero turns polling off. Default 5 s.</summary>
    public TimeSpan StatsInterval { get; init; } = new Control.Statistics.StatisticsOptions().Interval;

    /// <summary>Quiet time after which the event stream sends a heartbeat comment line.</summary>
    public TimeSpan EventHeartbeat { get; init; } = new Api.Events.EventStreamOptions().HeartbeatInterval;
}
