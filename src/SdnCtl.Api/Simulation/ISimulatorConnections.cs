namespace SdnCtl.Api.Simulation;

/// <summary>
/// TCP and UDP between simulated hosts, under <c>/api/v1/sim/connect</c>. Implemented by the host
/// that runs a simulated network, next to its <see cref="ISimulatorControl"/>.
/// </summary>
public interface ISimulatorConnections
{
    /// <summary>
    /// Host <paramref name="source"/> connects to <paramref name="destination"/> (a host name or an
    /// IPv4 address, e.g. a NAT's outside address) on <paramref name="port"/>: a TCP SYN, or a UDP
    /// datagram the far end echoes.
    /// </summary>
    Task<ConnectOutcome> ConnectAsync(string source, string destination, bool tcp, ushort port, CancellationToken cancellationToken);
}
