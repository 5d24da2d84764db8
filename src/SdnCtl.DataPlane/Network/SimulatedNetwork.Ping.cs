using System.Net;
using System.Net.Sockets;
using SdnCtl.DataPlane.Hosts;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    private int _nextPingIdentifier;

    /// <summary>Pings with <see cref="SimulatedNetworkOptions.PingTimeout"/>.</summary>
    public Task<PingResult> PingAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        PingAsync(source, destination, Options.PingTimeout, cancellationToken);

    /// <summary>
    /// Host <paramref name="source"/> pings <paramref name="destination"/> (a host name or an IPv4
    /// address) as a real host would: ARP first when the address is not cached, then one ICMP echo
    /// request. Completes when the reply arrives; <paramref name="timeout"/> only bounds failure.
    /// The request's and reply's paths are recorded hop by hop as the frames enter and leave switches.
    /// </summary>
    public async Task<PingResult> PingAsync(string source, string destination, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (Inventory.FindHostNode(source) is not { } src)
        {
            return new PingResult(PingStatus.UnknownHost, [], [], null, $"no host is named '{source}'");
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
            return new PingResult(PingStatus.UnknownHost, [], [], null, $"'{destination}' is neither a host nor an IPv4 address");
        }

        // Network-wide identifiers keep concurrent pings' frames apart; the high bit stays clear so
        // they never meet the identifiers hosts pick for their own pings.
        int n = Interlocked.Increment(ref _nextPingIdentifier);
        ushort identifier = (ushort)(n & 0x7fff);
        ushort sequence = (ushort)((n >> 15) + 1);
        var probe = new PingProbe(src.Host.Ipv4Address, dstIp, identifier, sequence);
        Probes.Add(probe);
        EchoResult echo;
        try
        {
            echo = await src.Host.PingAsync(dstIp, identifier, sequence, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Probes.Remove(probe);
        }

        var status = echo.Status == EchoStatus.Replied ? PingStatus.Replied : PingStatus.TimedOut;
        return new PingResult(status, probe.RequestPath, probe.ReplyPath, echo.RoundTripTime, echo.Detail);
    }
}
