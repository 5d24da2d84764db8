using System.Collections.Immutable;

namespace SdnCtl.Control.Network;

/// <summary>A connected datapath.</summary>
/// <param name="DatapathId">The datapath id from FEATURES_REPLY.</param>
/// <param name="Name">The switch's name in the declared topology, or <see langword="null"/> when it is not declared.</param>
/// <param name="RemoteAddress">The peer address of the OpenFlow session.</param>
/// <param name="ConnectedSince">When the control plane processed the completed handshake.</param>
/// <param name="Manufacturer">DESC mfr_desc.</param>
/// <param name="Software">DESC sw_desc.</param>
/// <param name="TableCount">FEATURES_REPLY n_tables.</param>
/// <param name="Ports">The switch's physical ports in ascending number order.</param>
public sealed record SwitchInfo(
    ulong DatapathId,
    string? Name,
    string RemoteAddress,
    DateTimeOffset ConnectedSince,
    string Manufacturer,
    string Software,
    int TableCount,
    ImmutableArray<PortInfo> Ports)
{
    /// <summary>Finds a port by number.</summary>
    /// <returns>The port, or <see langword="null"/> when the switch has no such port.</returns>
    public PortInfo? FindPort(uint number)
    {
        int low = 0, high = Ports.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            uint candidate = Ports[middle].Number;
            if (candidate == number)
            {
                return Ports[middle];
            }

            if (candidate < number)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }
}
