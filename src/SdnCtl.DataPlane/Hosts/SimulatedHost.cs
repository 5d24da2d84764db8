using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Switch;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Hosts;

/// <summary>
/// An end host (a VM) cabled to one switch port: a MAC, an IPv4 address in a subnet, an ARP cache,
/// and the small network stack tests and the controller expect of a host — it answers ARP for its
/// address, ICMP echo, TCP SYN (SYN-ACK on listening ports, RST otherwise) and echoes UDP. It can
/// send arbitrary frames for traffic generation, and <see cref="FrameReceived"/> observes
/// everything that arrives.
/// <para>
/// Threading: received frames are handled one at a time on the host's own serial executor (inline
/// on the delivering thread when the host is idle), so protocol state needs no locks. Frames the
/// host originates (<see cref="Send"/>, pings, ARP requests) go out on the caller's thread. The ARP
/// cache, the waiters and <see cref="Counters"/> are safe to read from any thread.
/// </para>
/// </summary>
public sealed partial class SimulatedHost
{
    private readonly SerialExecutor _executor;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<uint, ulong> _arpCache = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<ulong>> _arpWaiters = new();
    private readonly ConcurrentDictionary<uint, EchoWaiter> _echoWaiters = new();
    private readonly ConcurrentDictionary<ushort, byte> _tcpListeners = new();
    private readonly ConcurrentDictionary<ushort, byte> _udpClientPorts = new();
    private readonly uint _gateway;
    private readonly uint _netmask;
    private readonly ushort _echoIdentifier;
    private int _nextEchoSequence;

    /// <summary>Creates a host; it does nothing until frames arrive or <see cref="Start"/> is called.</summary>
    /// <param name="name">Host name.</param>
    /// <param name="mac">Unicast MAC address (48 bits).</param>
    /// <param name="ipv4">IPv4 address.</param>
    /// <param name="prefixLength">Subnet prefix length, 0–32.</param>
    /// <param name="attachment">The switch port the host is cabled to.</param>
    /// <param name="options">Behaviour; defaults when null.</param>
    /// <param name="clock">Clock for round-trip times and ARP retries (a fake one in tests).</param>
    /// <param name="logger">Logger.</param>
    public SimulatedHost(string name, ulong mac, IPAddress ipv4, int prefixLength, PortRef attachment, SimulatedHostOptions? options = null, TimeProvider? clock = null, ILogger<SimulatedHost>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ipv4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mac, 0xffff_ffff_ffffUL);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        if (MacAddresses.IsMulticast(mac))
        {
            throw new ArgumentException($"host {name}: {MacAddresses.Format(mac)} is a group address, not a host MAC", nameof(mac));
        }

        Name = name;
        Mac = mac;
        Ipv4 = ipv4;
        Ipv4Address = Ipv4Addresses.ToUInt32(ipv4);
        PrefixLength = prefixLength;
        Attachment = attachment;
        Options = options ?? new SimulatedHostOptions();
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _executor = new SerialExecutor(e => HostLog.ExecutorFailure(_logger, Name, e));
        _netmask = Ipv4Addresses.Mask(prefixLength);
        _gateway = Options.Gateway is { } gw ? Ipv4Addresses.ToUInt32(gw) : 0;
        // Like ping's use of the process id: one identifier per host, sequence numbers count up.
        _echoIdentifier = (ushort)(0x8000 | (mac & 0x7fff));
        foreach (ushort port in Options.ListeningTcpPorts)
        {
            _tcpListeners.TryAdd(port, 0);
        }
    }

    /// <summary>Creates a host from its topology declaration.</summary>
    public SimulatedHost(HostSpec spec, SimulatedHostOptions? options = null, TimeProvider? clock = null, ILogger<SimulatedHost>? logger = null)
        : this((spec ?? throw new ArgumentNullException(nameof(spec))).Name, spec.Mac, spec.Ipv4, spec.PrefixLength, spec.Attachment, options, clock, logger)
    {
    }

    /// <summary>Raised for every frame delivered to the host, on the host's executor (see <see cref="HostFrameHandler"/>).</summary>
    public event HostFrameHandler? FrameReceived;

    /// <summary>Host name.</summary>
    public string Name { get; }

    /// <summary>MAC address as a 48-bit number.</summary>
    public ulong Mac { get; }

    /// <summary>IPv4 address.</summary>
    public IPAddress Ipv4 { get; }

    /// <summary>IPv4 address as a 32-bit number (network order in value, e.g. 10.0.0.1 = 0x0a000001).</summary>
    public uint Ipv4Address { get; }

    /// <summary>Subnet prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>The switch port the host is cabled to.</summary>
    public PortRef Attachment { get; }

    /// <summary>Behaviour.</summary>
    public SimulatedHostOptions Options { get; }

    /// <summary>Traffic counters.</summary>
    public HostCounters Counters { get; } = new();

    /// <summary>Where the host's frames go; null drops them (an unplugged cable).</summary>
    public IHostTransmitter? Transmitter { get; set; }

    /// <summary>The ARP cache (IPv4 address → MAC), as a snapshot.</summary>
    public IReadOnlyDictionary<uint, ulong> ArpCache => new Dictionary<uint, ulong>(_arpCache);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {MacAddresses.Format(Mac)} {Ipv4}/{PrefixLength} on {Attachment}";

    /// <summary>Brings the host up: announces it with a gratuitous ARP when <see cref="SimulatedHostOptions.GratuitousArpOnStart"/> is set.</summary>
    public void Start()
    {
        if (Options.GratuitousArpOnStart)
        {
            SendGratuitousArp();
        }
    }

    /// <summary>Runs <paramref name="action"/> on the host's executor (inline when idle, else queued in order).</summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _executor.Post(action);
    }

    /// <summary>A frame arrives on the host's cable. Handled inline when the host is idle; copied and queued otherwise.</summary>
    public void Receive(ReadOnlySpan<byte> frame)
    {
        if (!_executor.IsCurrentThreadOwner && _executor.TryEnter())
        {
            try
            {
                Process(frame);
            }
            finally
            {
                _executor.Exit();
            }

            return;
        }

        var copy = frame.ToArray();
        _executor.Post(() => Process(copy));
    }

    /// <summary>
    /// Sends an arbitrary frame (traffic generation). A UDP datagram from the host's address marks
    /// its source port as a client port, so the answers coming back to it are not echoed.
    /// </summary>
    public void Send(ReadOnlySpan<byte> frame)
    {
        if (frame.Length >= 14)
        {
            PacketParser.Parse(frame, 0, out var fields);
            if (fields.IsIpv4 && fields.IpProto == IpProtocols.Udp && fields.L4Offset >= 0 && fields.Ipv4Src == Ipv4Address)
            {
                _udpClientPorts.TryAdd(fields.L4Src, 0);
            }
        }

        TransmitFrame(frame);
    }

    /// <summary>Starts answering TCP SYNs on <paramref name="port"/> with SYN-ACK.</summary>
    public void ListenTcp(ushort port) => _tcpListeners.TryAdd(port, 0);

    /// <summary>Stops listening on <paramref name="port"/>: SYNs get a RST again.</summary>
    public void StopListeningTcp(ushort port) => _tcpListeners.TryRemove(port, out _);

    /// <summary>True when a SYN to <paramref name="port"/> would be answered with SYN-ACK.</summary>
    public bool IsListeningTcp(ushort port) => _tcpListeners.ContainsKey(port);

    /// <summary>Looks <paramref name="ipv4"/> up in the ARP cache.</summary>
    public bool TryGetArpEntry(uint ipv4, out ulong mac) => _arpCache.TryGetValue(ipv4, out mac);

    /// <summary>Forgets every ARP entry (as after a cache timeout), so the next send resolves again.</summary>
    public void ClearArpCache() => _arpCache.Clear();

    /// <summary>Announces the host: a broadcast ARP request for its own address (sender = target = own IP).</summary>
    public void SendGratuitousArp()
    {
        Span<byte> frame = stackalloc byte[64];
        int length = FrameBuilder.WriteArp(frame, new L2Header(Mac, L2Header.Broadcast), 1, Mac, Ipv4Address, 0, Ipv4Address);
        Counters.Increment(HostCounter.GratuitousArpsSent);
        TransmitFrame(frame[..length]);
    }

    /// <summary>
    /// Resolves the MAC to send to for <paramref name="destination"/> (its own, or the gateway's when
    /// it is off-subnet and a gateway is configured): from the cache, else by ARP, asking again every
    /// <see cref="SimulatedHostOptions.ArpRetryInterval"/>. Completes as soon as the reply arrives.
    /// </summary>
    /// <returns>The MAC, or null when nothing answered within <paramref name="timeout"/>.</returns>
    public async Task<ulong?> ResolveAsync(uint destination, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (destination == Ipv4Address)
        {
            return Mac;
        }

        uint target = NextHop(destination);
        if (_arpCache.TryGetValue(target, out ulong cached))
        {
            return cached;
        }

        long start = _clock.GetTimestamp();
        while (true)
        {
            var waiter = _arpWaiters.GetOrAdd(target, static _ => new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously));

            // The reply may have been learned between the lookup and the registration (or a waiter
            // shared with another caller may have been dropped): the cache is the truth.
            if (_arpCache.TryGetValue(target, out cached))
            {
                return cached;
            }

            var remaining = timeout - _clock.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                _arpWaiters.TryRemove(KeyValuePair.Create(target, waiter));
                HostLog.ArpFailed(_logger, Name, Ipv4Addresses.Format(target));
                return null;
            }

            SendArpRequest(target);
            try
            {
                var wait = remaining < Options.ArpRetryInterval ? remaining : Options.ArpRetryInterval;
                return await waiter.Task.WaitAsync(wait, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Ask again, as a real host does after a lost request.
            }
        }
    }

    /// <summary>Sends one ICMP echo request to <paramref name="destination"/> (with ARP first if needed) and waits for the reply.</summary>
    public Task<EchoResult> PingAsync(IPAddress destination, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ushort sequence = (ushort)Interlocked.Increment(ref _nextEchoSequence);
        return PingAsync(Ipv4Addresses.ToUInt32(destination), _echoIdentifier, sequence, timeout, cancellationToken);
    }

    /// <summary>
    /// Sends one ICMP echo request with the given identifier and sequence number to
    /// <paramref name="destination"/>, resolving its MAC by ARP first if it is not cached, and waits
    /// for the matching reply. The wait completes when the reply arrives; <paramref name="timeout"/>
    /// (covering ARP and echo) only bounds failure.
    /// </summary>
    public async Task<EchoResult> PingAsync(uint destination, ushort identifier, ushort sequence, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        long start = _clock.GetTimestamp();
        if (await ResolveAsync(destination, timeout, cancellationToken).ConfigureAwait(false) is not { } mac)
        {
            return new EchoResult(EchoStatus.ArpFailed, null, $"{Name}: no ARP reply for {Ipv4Addresses.Format(NextHop(destination))}");
        }

        var remaining = timeout - _clock.GetElapsedTime(start);
        if (remaining <= TimeSpan.Zero)
        {
            return new EchoResult(EchoStatus.TimedOut, null, $"{Name}: ARP resolution used the whole timeout of {timeout}");
        }

        uint key = EchoKey(identifier, sequence);
        var waiter = new EchoWaiter(destination);
        if (!_echoWaiters.TryAdd(key, waiter))
        {
            throw new InvalidOperationException($"{Name}: an echo with identifier {identifier} and sequence {sequence} is already outstanding");
        }

        try
        {
            long sent = _clock.GetTimestamp();
            SendEchoRequest(mac, destination, identifier, sequence);
            long received = await waiter.Completion.Task.WaitAsync(remaining, _clock, cancellationToken).ConfigureAwait(false);
            return new EchoResult(EchoStatus.Replied, _clock.GetElapsedTime(sent, received), null);
        }
        catch (TimeoutException)
        {
            return new EchoResult(EchoStatus.TimedOut, null, $"{Name}: no echo reply from {Ipv4Addresses.Format(destination)} within {timeout}");
        }
        finally
        {
            _echoWaiters.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Sends one UDP datagram to <paramref name="destination"/> after resolving its MAC (traffic
    /// generation). Replies to <paramref name="sourcePort"/> are counted but not echoed.
    /// </summary>
    /// <returns>False when ARP got no answer within <paramref name="arpTimeout"/> (nothing was sent).</returns>
    public async Task<bool> SendUdpAsync(uint destination, ushort sourcePort, ushort destinationPort, ReadOnlyMemory<byte> payload, TimeSpan arpTimeout, CancellationToken cancellationToken = default)
    {
        if (await ResolveAsync(destination, arpTimeout, cancellationToken).ConfigureAwait(false) is not { } mac)
        {
            return false;
        }

        _udpClientPorts.TryAdd(sourcePort, 0);
        TransmitFrame(FrameBuilder.Udp(new L2Header(Mac, mac), Ipv4Address, destination, sourcePort, destinationPort, payload.Span));
        return true;
    }

    private static uint EchoKey(ushort identifier, ushort sequence) => ((uint)identifier << 16) | sequence;

    private uint NextHop(uint destination) =>
        _gateway != 0 && (destination & _netmask) != (Ipv4Address & _netmask) ? _gateway : destination;

    private void SendArpRequest(uint target)
    {
        Span<byte> frame = stackalloc byte[64];
        int length = FrameBuilder.WriteArp(frame, new L2Header(Mac, L2Header.Broadcast), 1, Mac, Ipv4Address, 0, target);
        Counters.Increment(HostCounter.ArpRequestsSent);
        TransmitFrame(frame[..length]);
    }

    private void SendEchoRequest(ulong dstMac, uint destination, ushort identifier, ushort sequence)
    {
        Span<byte> frame = stackalloc byte[128];
        int length = FrameBuilder.WriteIcmpEcho(frame, new L2Header(Mac, dstMac), Ipv4Address, destination, reply: false, identifier, sequence, EchoPayload);
        Counters.Increment(HostCounter.IcmpEchoRequestsSent);
        TransmitFrame(frame[..length]);
    }

    private void TransmitFrame(ReadOnlySpan<byte> frame)
    {
        Counters.Increment(HostCounter.FramesSent);
        Counters.Add(HostCounter.BytesSent, frame.Length);
        Transmitter?.Transmit(this, frame);
    }

    private void Learn(uint ipv4, ulong mac)
    {
        _arpCache[ipv4] = mac;
        if (_arpWaiters.TryRemove(ipv4, out var waiter))
        {
            waiter.TrySetResult(mac);
        }
    }

    /// <summary>An outstanding echo request: who must answer, and when the answer came.</summary>
    private sealed class EchoWaiter(uint peer)
    {
        public uint Peer { get; } = peer;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
