using System.Net;
using SdnCtl.Southbound;
using SdnCtl.Topology;

namespace SdnCtl.Cli.Hosting;

/// <summary>Where the controller listens and what it expects.</summary>
internal sealed record ControllerHostOptions
{
    /// <summary>OpenFlow listen address.</summary>
    public IPEndPoint OpenFlow { get; init; } = new(IPAddress.Loopback, 6653);

    /// <summary>REST base URL.</summary>
    public Uri Api { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>The topology file's network, the expected picture.</summary>
    public TopologyDocument? Declared { get; init; }

    /// <summary>LLDP probe interval.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Idle time after which the controller sends an ECHO_REQUEST to a switch.</summary>
    public TimeSpan EchoInterval { get; init; } = new SouthboundOptions().EchoInterval;
}
