using System.Collections.Concurrent;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Hosts;

public sealed partial class SimulatedHost
{
    // Ephemeral ports as Linux picks them (32768–60999), one per attempt, so attempts never share a tuple.
    private const int FirstEphemeralPort = 32768;
    private const int EphemeralPorts = 61000 - FirstEphemeralPort;

    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<ConnectStatus>> _connectWaiters = new();
    private int _nextEphemeral;

    /// <summary>
    /// Opens a TCP connection (sends a SYN and waits for SYN-ACK or RST) or exchanges one UDP
    /// datagram (sends it and waits for the echo) with <paramref name="destination"/>:<paramref name="port"/>,
    /// resolving the next hop by ARP first. Completes as soon as the answer arrives;
    /// <paramref name="timeout"/> only bounds failure.
    /// </summary>
    /// <param name="destination">IPv4 address (as a number).</param>
    /// <param name="tcp">True for TCP, false for UDP.</param>
    /// <param name="port">Destination port, 1–65535.</param>
    /// <param name="timeout">How long to wait for ARP and the answer together.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<ConnectResult> ConnectAsync(uint destination, bool tcp, ushort port, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ConnectAsync(destination, tcp, port, timeout, null, cancellationToken);

    /// <summary>As <see cref="ConnectAsync(uint, bool, ushort, TimeSpan, CancellationToken)"/>, telling <paramref name="sourcePortChosen"/> the local port before anything is sent.</summary>
    internal async Task<ConnectResult> ConnectAsync(uint destination, bool tcp, ushort port, TimeSpan timeout, Action<ushort>? sourcePortChosen, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(port);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ushort sourcePort = NextEphemeralPort();
        sourcePortChosen?.Invoke(sourcePort);
        long start = _clock.GetTimestamp();
        if (await ResolveAsync(destination, timeout, cancellationToken).ConfigureAwait(false) is not { } mac)
        {
            return new ConnectResult(ConnectStatus.NoAnswer, sourcePort, $"{Name}: no ARP reply for {Ipv4Addresses.Format(NextHop(destination))}");
        }

        var remaining = timeout - _clock.GetElapsedTime(start);
        if (remaining <= TimeSpan.Zero)
        {
            return new ConnectResult(ConnectStatus.NoAnswer, sourcePort, $"{Name}: ARP resolution used the whole timeout of {timeout}");
        }

        var waiter = new TaskCompletionSource<ConnectStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        _connectWaiters[sourcePort] = waiter;
        try
        {
            uint isn = (uint)(Mac * 2_654_435_761UL) ^ ((uint)sourcePort << 16);
            if (!tcp)
            {
                _udpClientPorts.TryAdd(sourcePort, 0);
            }

            // A SYN is sent again, with the same sequence number, when no answer came within the retry
            // interval, which doubles each time; the last wait ends with the timeout. A UDP datagram is
            // sent once: an echo of a second copy arriving after the first answered would reach a port
            // this host no longer listens on as a client, and be echoed back.
            TimeSpan retry = Options.ConnectRetryInterval;
            ConnectStatus status;
            while (true)
            {
                TransmitFrame(tcp
                    ? FrameBuilder.Tcp(new L2Header(Mac, mac), Ipv4Address, destination, sourcePort, port, TcpFlags.Syn, isn)
                    : FrameBuilder.Udp(new L2Header(Mac, mac), Ipv4Address, destination, sourcePort, port, EchoPayload));
                remaining = timeout - _clock.GetElapsedTime(start);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                // The last wait is the rest of the timeout: when it ends, the attempt has failed.
                bool last = !tcp || remaining <= retry;
                try
                {
                    status = await waiter.Task.WaitAsync(last ? remaining : retry, _clock, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (TimeoutException) when (!last)
                {
                    retry *= 2;
                }
            }

            return new ConnectResult(status, sourcePort, status == ConnectStatus.Refused ? $"{Ipv4Addresses.Format(destination)} answered port {port} with RST" : null);
        }
        catch (TimeoutException)
        {
            return new ConnectResult(ConnectStatus.NoAnswer, sourcePort, $"{Name}: no answer from {Ipv4Addresses.Format(destination)} port {port} within {timeout}");
        }
        finally
        {
            _connectWaiters.TryRemove(sourcePort, out _);
            _udpClientPorts.TryRemove(sourcePort, out _);
        }
    }

    private ushort NextEphemeralPort() => (ushort)(FirstEphemeralPort + ((Interlocked.Increment(ref _nextEphemeral) - 1) % EphemeralPorts));

    /// <summary>An answer to a connection attempt arrived at <paramref name="localPort"/> (on the executor).</summary>
    private void CompleteConnect(ushort localPort, ConnectStatus status)
    {
        if (_connectWaiters.TryGetValue(localPort, out var waiter))
        {
            waiter.TrySetResult(status);
        }
    }
}
