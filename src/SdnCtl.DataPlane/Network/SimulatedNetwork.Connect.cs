using System.Net;
using System.Net.Sockets;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    /// <summary>
    /// Host <paramref name="source"/> opens a TCP connection to (or exchanges a UDP datagram with)
    /// <paramref name="destination"/> — a host name or any IPv4 address, such as a NAT's outside
    /// address with a port forward — on <paramref name="port"/>, as a real host would: ARP for the
    /// next hop, then SYN (answered by SYN-ACK or RST) or a datagram (echoed back). The frames' path
    /// is recorded through switches and appliances, following the tuple through a NAT.
    /// </summary>
    /// <returns>The outcome; <see cref="NetworkConnectResult.Status"/> is null when a name is unknown.</returns>
    public async Task<NetworkConnectResult> ConnectAsync(string source, string destination, bool tcp, ushort port, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (Inventory.FindHostNode(source) is not { } src)
        {
            return new NetworkConnectResult(null, [], [], $"no host is named '{source}'");
        }

        uint dstIp;
        if (Inventory.FindHostNode(destination) is { } dst)
        {
            dstIp = dst.Host.Ipv4Address;
        }
        else if (IPAddress.TryParse(destination, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
        {
            dstIp = Ipv4Addresses.ToUInt32(address);
        }
        else
        {
            return new NetworkConnectResult(null, [], [], $"'{destination}' is neither a host nor an IPv4 address");
        }

        // The probe must exist before the first frame leaves, so the source port is fixed first:
        // the host picks the next ephemeral port, and the probe follows every tuple from it.
        var probe = new ConnectProbe(default);
        var followed = new ConnectFollower(src.Host, dstIp, tcp, port, probe);
        Probes.Add(probe);
        ConnectResult result;
        try
        {
            result = await followed.RunAsync(timeout ?? Options.PingTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Probes.Remove(probe);
        }

        return new NetworkConnectResult(result.Status, probe.RequestPath, probe.ReplyPath, result.Detail);
    }

    /// <summary>Connects the probe to the source port the host picks, before anything is sent.</summary>
    private sealed class ConnectFollower(SimulatedHost host, uint destination, bool tcp, ushort port, ConnectProbe probe)
    {
        public Task<ConnectResult> RunAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
            host.ConnectAsync(destination, tcp, port, timeout, sourcePort => probe.Follow(new FlowTuple(tcp ? IpProtocols.Tcp : IpProtocols.Udp, host.Ipv4Address, sourcePort, destination, port)), cancellationToken);
    }
}
