using System.Globalization;

namespace SdnCtl.Topology;

/// <summary>A port of a switch: its OpenFlow port number and its interface name.</summary>
/// <param name="Number">The OpenFlow port number, 1–<see cref="MaxNumber"/>.</param>
/// <param name="Name">
/// The interface name. When a topology does not name a port it gets
/// <see cref="DefaultName(string, uint)"/>, <c>"{switch}-eth{n}"</c>, as Mininet names them.
/// </param>
public sealed record PortSpec(uint Number, string Name)
{
    /// <summary>
    /// The highest physical port number OpenFlow 1.3 allows (OFPP_MAX, 0xffffff00); the
    /// numbers above it are reserved ports such as IN_PORT, FLOOD and CONTROLLER.
    /// </summary>
    public const uint MaxNumber = 0xFFFF_FF00;

    /// <summary>Returns the default interface name of a port, like Mininet's <c>s1-eth2</c>.</summary>
    /// <param name="switchName">The name of the switch that has the port.</param>
    /// <param name="number">The port number.</param>
    public static string DefaultName(string switchName, uint number)
    {
        ArgumentNullException.ThrowIfNull(switchName);
        return string.Create(CultureInfo.InvariantCulture, $"{switchName}-eth{number}");
    }
}
