using SdnCtl.Control.Events;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Switches;
using SdnCtl.Topology;

namespace SdnCtl.Control;

/// <summary>
/// The control plane as the northbound (REST, CLI) sees it. Reads are lock-free and never wait
/// for the control loop; commands are queued to the loop and complete once it has applied them.
/// </summary>
public interface IControlPlane
{
    /// <summary>The latest published topology. Take it once per request and read from that one instance.</summary>
    TopologySnapshot Topology { get; }

    /// <summary>Counters, as of the loop's last batch.</summary>
    ControllerStats Stats { get; }

    /// <summary>The declared topology (the expected picture), or <see langword="null"/> when none was given.</summary>
    TopologyDocument? Declared { get; }

    /// <summary>The path service the control plane installs paths with.</summary>
    IPathService Paths { get; }

    /// <summary>The sessions of the connected switches.</summary>
    IReadOnlyCollection<ISwitchConnection> Connections { get; }

    /// <summary>The session of a connected switch (for stats requests and the like).</summary>
    /// <returns>The session, or <see langword="null"/> when no switch with that datapath id is connected.</returns>
    ISwitchConnection? GetSwitch(ulong datapathId);

    /// <summary>Compares the current topology with the declared one.</summary>
    /// <returns>The differences, or <see langword="null"/> when no topology was declared.</returns>
    TopologyDiff? CompareWithDeclared();

    /// <summary>The shortest path between two switches on the current topology, by <see cref="Paths"/>.</summary>
    /// <returns>The path, or <see langword="null"/> when a switch is unknown or unreachable.</returns>
    NetworkPath? ShortestPath(ulong sourceDpid, ulong destinationDpid);

    /// <summary>Starts a feed of network events (switch, port, link, host, reroute); dispose it to stop.</summary>
    NetworkEventSubscription Subscribe();

    /// <summary>Network events from now until <paramref name="cancellationToken"/> fires or the control plane stops (for SSE).</summary>
    IAsyncEnumerable<NetworkEvent> WatchAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when the loop has processed everything enqueued before the call, and published the
    /// resulting snapshot and events. Use it instead of sleeping.
    /// </summary>
    Task QuiesceAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="command"/> on the control loop, between two network events, and returns
    /// its result once what it sent is flushed and the resulting snapshot published.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The control plane has stopped.</exception>
    Task<T> InvokeAsync<T>(Func<IControlContext, T> command, CancellationToken cancellationToken = default);

    /// <summary>Replaces the declared topology: names switches and hosts, gives links their declared bandwidth and latency.</summary>
    Task SetDeclaredTopologyAsync(TopologyDocument? declared, CancellationToken cancellationToken = default);

    /// <summary>Forgets a learned host and deletes the rules toward it.</summary>
    /// <returns>False when no host with that MAC was known.</returns>
    Task<bool> RemoveHostAsync(ulong mac, CancellationToken cancellationToken = default);

    /// <summary>Sends an LLDP probe out of every up port now, without waiting for the next discovery round.</summary>
    Task ProbeLinksAsync(CancellationToken cancellationToken = default);
}
