namespace SdnCtl.Topology.Tenants;

/// <summary>
/// The VXLAN tunnel ports a topology implies: every switch with a <c>vtep</c> gets one port per
/// other VTEP, numbered after its highest declared port in the VTEPs' declaration order. The
/// simulator creates these ports and the controller compiles rules for them from the same
/// document, so both sides agree on the numbers without a naming convention on the wire.
/// </summary>
public static class VxlanTunnels
{
    /// <summary>The IANA-assigned VXLAN UDP destination port (RFC 7348).</summary>
    public const ushort UdpPort = 4789;

    /// <summary>The highest VNI (24 bits).</summary>
    public const uint MaxVni = 0xFF_FFFF;

    /// <summary>The tunnel ports of <paramref name="local"/> (empty when it has no VTEP).</summary>
    public static IReadOnlyList<VxlanTunnel> Of(TopologyDocument document, SwitchSpec local)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(local);
        if (local.Vtep is null)
        {
            return [];
        }

        uint next = local.Ports.Count == 0 ? 1 : local.Ports[^1].Number + 1;
        var tunnels = new List<VxlanTunnel>();
        foreach (SwitchSpec remote in document.Switches)
        {
            if (remote.Vtep is null || ReferenceEquals(remote, local) || remote.DatapathId == local.DatapathId)
            {
                continue;
            }

            string name = "vxlan-" + remote.Name;
            tunnels.Add(new VxlanTunnel(next++, name.Length > 15 ? name[..15] : name, local, remote));
        }

        return tunnels;
    }

    /// <summary>Every tunnel port of the topology.</summary>
    public static IEnumerable<VxlanTunnel> All(TopologyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Switches.SelectMany(s => Of(document, s));
    }
}
