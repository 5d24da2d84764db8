using SdnCtl.Control.Core;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;

namespace SdnCtl.Control.Hosts;

/// <summary>
/// Learns hosts from the ARP and IPv4 packets switches hand up from edge ports. Packets arriving
/// over a discovered link are transit traffic and teach nothing about where a host is, nor do
/// frames decapsulated from a VXLAN tunnel or relayed by an appliance out of its port (only the
/// appliance's own MACs live there).
/// </summary>
internal static class HostTracker
{
    public static void Observe(NetworkState state, SwitchEntry sw, uint inPort, in EthernetHeader eth, ReadOnlySpan<byte> frame)
    {
        if (TryReadSender(eth, frame, out uint ipv4))
        {
            Observe(state, sw, inPort, eth.Source, ipv4);
        }
    }

    /// <summary>
    /// True when the frame can teach where its sender is (a host address sending ARP or IPv4);
    /// <paramref name="ipv4"/> is the sender's address, 0 when it names no host. Reads only the frame,
    /// so the reactive fast path calls it on an I/O thread and hands the result to the loop.
    /// </summary>
    public static bool TryReadSender(in EthernetHeader eth, ReadOnlySpan<byte> frame, out uint ipv4)
    {
        ipv4 = 0;
        if (!Mac.IsHostAddress(eth.Source))
        {
            return false;
        }

        ReadOnlySpan<byte> payload = frame[EthernetHeader.Size..];
        switch (eth.EtherType)
        {
            case EtherTypes.Arp when ArpPacket.TryRead(payload, out ArpPacket arp):
                ipv4 = arp.SenderIp;
                break;
            case EtherTypes.Ipv4 when Ipv4Header.TryRead(payload, out Ipv4Header ip):
                ipv4 = ip.Source;
                break;
            default:
                return false;
        }

        ipv4 = IsUnicastAddress(ipv4) ? ipv4 : 0;
        return true;
    }

    /// <summary>The loop's half: <paramref name="source"/> sent from <paramref name="sw"/>:<paramref name="inPort"/> (see <see cref="TryReadSender"/>).</summary>
    public static void Observe(NetworkState state, SwitchEntry sw, uint inPort, ulong source, uint ipv4)
    {
        var at = new SwitchPort(sw.DatapathId, inPort);
        if (!sw.Ports.ContainsKey(inPort) || !state.IsEdgePort(at) || state.Declared?.IsRelayed(at, source) == true)
        {
            return;
        }

        state.ObserveHost(source, at, ipv4);
    }

    /// <summary>0.0.0.0 (DHCP, ARP probes), multicast and broadcast senders name no host.</summary>
    private static bool IsUnicastAddress(uint ipv4) => ipv4 != 0 && (ipv4 >> 28) < 0xe;
}
