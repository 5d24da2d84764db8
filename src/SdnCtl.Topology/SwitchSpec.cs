namespace SdnCtl.Topology;

/// <summary>A switch (an OpenFlow datapath) of a topology.</summary>
/// <param name="Name">The switch name, unique among the switches and hosts of the topology.</param>
/// <param name="DatapathId">The 64-bit OpenFlow datapath id, never 0 and unique in the topology.</param>
/// <param name="Ports">The switch's ports in ascending port-number order.</param>
public sealed record SwitchSpec(string Name, ulong DatapathId, IReadOnlyList<PortSpec> Ports)
{
    /// <summary>The switch's VXLAN tunnel endpoint (the file's <c>vtep:</c>), or <see langword="null"/> when it has none.</summary>
    public Tenants.VtepSpec? Vtep { get; init; }

    /// <summary>Finds a port by number.</summary>
    /// <param name="number">The OpenFlow port number.</param>
    /// <returns>The port, or <see langword="null"/> when the switch has no such port.</returns>
    public PortSpec? FindPort(uint number)
    {
        // Ports are kept sorted, and most switches number them 1..n, so try the direct slot first.
        if (number >= 1 && number <= Ports.Count && Ports[(int)number - 1].Number == number)
        {
            return Ports[(int)number - 1];
        }

        int low = 0, high = Ports.Count - 1;
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
