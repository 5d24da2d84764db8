using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>Where a path starts or ends: a switch, or a host (then its attachment switch).</summary>
/// <param name="DatapathId">The switch the path starts or ends at.</param>
/// <param name="HostPort">The host's attachment port when the endpoint is a host.</param>
/// <param name="Label">The host or switch name when known, otherwise the datapath id or MAC as given.</param>
public readonly record struct PathEndpoint(ulong DatapathId, SwitchPort? HostPort, string Label);
