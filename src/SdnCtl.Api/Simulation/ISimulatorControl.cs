namespace SdnCtl.Api.Simulation;

/// <summary>
/// Simulator controls exposed under <c>/api/v1/sim</c>. The API project does not reference the
/// simulator (the planes share only the OpenFlow wire); the host that runs a simulated network
/// registers an implementation, and without one these endpoints answer 404.
/// </summary>
public interface ISimulatorControl
{
    /// <summary>
    /// Sends an ICMP echo from host <paramref name="source"/> to host <paramref name="destination"/> and reports whether the
    /// reply came back within <paramref name="timeout"/> (the simulator's default when null).
    /// </summary>
    Task<PingOutcome> PingAsync(string source, string destination, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Cuts (<paramref name="up"/> false) or restores the link between two switches, named or by dpid.</summary>
    Task<LinkChangeOutcome> SetLinkStateAsync(string a, string b, bool up, CancellationToken cancellationToken);

    /// <summary>Names of the simulated hosts, switches and links, for validation and discovery.</summary>
    SimulatedInventory Inventory { get; }
}
