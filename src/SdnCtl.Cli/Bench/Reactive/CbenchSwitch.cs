using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using HdrHistogram;
using SdnCtl.Control.Core;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Cli.Bench.Reactive;

/// <summary>
/// A cbench-style emulated OpenFlow 1.3 switch for <c>sdnctl bench reactive</c>: it completes the
/// handshake any controller expects (HELLO, FEATURES, PORT_DESC/DESC multiparts, GET_CONFIG, ROLE,
/// ECHO, BARRIER), then sends PACKET_INs of unicast IPv4/UDP frames between its emulated hosts and
/// counts the FLOW_MODs and PACKET_OUTs that come back. A packet-in counts as answered when a
/// PACKET_OUT carrying its frame returns (every reactive controller sends the packet on, and with
/// buffer_id NO_BUFFER it must send the data back), matched by the switch index and sequence number
/// the frame carries in its UDP payload.
/// </summary>
/// <remarks>
/// Written on a raw blocking <see cref="Socket"/> owned by one dedicated thread per switch, rather
/// than async sockets or the DotNetty switch agent: the load generator's cost and wake-up latency
/// are part of every figure it reports. An async receive completes on the epoll thread and hops to
/// the thread pool before the next PACKET_IN can go out; a thread blocked in recv() is woken by the
/// kernel and sends the next one itself. The thread does everything for its switch (handshake,
/// sending, counting), so nothing is shared but the published counters. PACKET_INs are patched into
/// a template made once by the codec, the receive buffer is reused and only the header (and, for
/// PACKET_OUT, the sequence number) is read: nothing is allocated per packet.
/// </remarks>
internal sealed class CbenchSwitch : IAsyncDisposable
{
    /// <summary>UDP destination port of the bench's frames, so they are told from anything else.</summary>
    public const ushort UdpPort = 0xcb00;

    /// <summary>Length of the emulated frames: Ethernet, IPv4, UDP and 8 bytes of payload (switch index, sequence).</summary>
    public const int FrameLength = 14 + 20 + 8 + 8;

    private const int Ports = 4;

    // The smallest answer that completes a PACKET_IN: a PACKET_OUT without actions carrying the frame.
    private const int MinAnswerBytes = 24 + FrameLength;

    // Latencies above this (10 s in stopwatch ticks) are recorded as this; a run times out well before.
    private static readonly long HighestLatencyTicks = Stopwatch.Frequency * 10;

    // Blocking receives wake this often to see a cancelled run or a new run request.
    private const int PollMicroseconds = 20_000;

    // One send carries at most this much of a burst; a larger window goes out in several sends.
    private const int MaxBurstBytes = 1 << 20;

    private readonly int _index;
    private readonly int _macs;
    private readonly Socket _socket;
    private readonly byte[] _template;
    private readonly int _dataOffset;
    private readonly Thread _thread;
    private readonly byte[] _receive = new byte[1 << 18];
    private readonly LongHistogram _latency = new(HighestLatencyTicks, 3);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _filled;
    private int _lowWater = 1;
    private byte[] _burst = [];
    private long[] _sentAt = [];

    // A run handed to the thread: set by RunAsync, taken by the thread.
    private RunRequest? _request;
    private volatile bool _stopping;

    // Written by the switch thread only; read by others through the properties.
    private int _seqBase;
    private int _packets;
    private int _next;
    private bool _measuring;
    private long _answered;
    private long _flowMods;
    private long _packetOuts;
    private long _duplicates;
    private long _foreign;
    private long _bytesIn;
    private int _maxOutstanding;
    private long _cpuNanoseconds;
    private long _startedAt;
    private long _endedAt;

    private CbenchSwitch(int index, int macs, Socket socket)
    {
        _index = index;
        _macs = macs;
        _socket = socket;
        var packetIn = new PacketIn
        {
            Reason = PacketInReason.NoMatch,
            Match = [OxmEntry.InPort(1)],
            Data = new byte[FrameLength],
            TotalLength = FrameLength,
        };
        _template = packetIn.ToArray();
        _dataOffset = _template.Length - FrameLength;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"cbench-switch-{index + 1}" };
    }

    /// <summary>The datapath id this switch reports: its index + 1, with a bench marker in the high bits.</summary>
    public ulong DatapathId => 0xcb00_0000_0000_0000UL | (uint)(_index + 1);

    public long Answered => Volatile.Read(ref _answered);

    public long FlowMods => Volatile.Read(ref _flowMods);

    public long PacketOuts => Volatile.Read(ref _packetOuts);

    /// <summary>PACKET_OUTs carrying a frame already answered (a controller sending a packet twice).</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>PACKET_OUTs carrying another switch's frame (a flood across switches).</summary>
    public long Foreign => Volatile.Read(ref _foreign);

    public long BytesIn => Volatile.Read(ref _bytesIn);

    /// <summary>The most PACKET_INs this switch had unanswered at once in the last run (1 in latency mode).</summary>
    public int MaxOutstanding => Volatile.Read(ref _maxOutstanding);

    /// <summary>CPU time this switch's thread used during the last run (0 where the kernel does not say).</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(Volatile.Read(ref _cpuNanoseconds) / 100);

    /// <summary>Stopwatch timestamps of the last run's first PACKET_IN sent and last answer counted (0 until then).</summary>
    public (long Started, long Ended) RunSpan => (Volatile.Read(ref _startedAt), Volatile.Read(ref _endedAt));

    /// <summary>Latency of the last run's answered packet-ins, in stopwatch ticks; read once the run completed.</summary>
    public LongHistogram Latency => _latency;

    /// <summary>Completes when the controller has finished the handshake (answered this switch's echo).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Connects, says HELLO and starts the switch's thread, which answers the handshake from then on.</summary>
    public static async Task<CbenchSwitch> ConnectAsync(IPEndPoint controller, int index, int macs, CancellationToken cancellationToken)
    {
        var socket = new Socket(controller.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // A synchronous connect keeps the socket in blocking mode (an async operation would make it
            // non-blocking for good), which the thread's blocking receives and sends rely on.
            await Task.Run(() => socket.Connect(controller), cancellationToken).ConfigureAwait(false);
            socket.ReceiveTimeout = PollMicroseconds / 1000;
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var sw = new CbenchSwitch(index, macs, socket);
        sw.SendAll(Hello.ForVersions(OfpConstants.Version).ToArray());
        sw._thread.Start();
        return sw;
    }

    /// <summary>
    /// Sends <paramref name="packets"/> PACKET_INs with at most <paramref name="window"/> unanswered
    /// at a time and completes when all are answered. Runs follow each other; the hosts' sequence
    /// continues from the previous run, so hosts learned in one run are known in the next.
    /// </summary>
    public Task RunAsync(int packets, int window, CancellationToken cancellationToken)
    {
        var request = new RunRequest(packets, window, cancellationToken);
        if (Interlocked.CompareExchange(ref _request, request, null) is not null)
        {
            throw new InvalidOperationException($"switch {_index + 1}: a run is already under way");
        }

        return request.Done.Task;
    }

    /// <summary>Sequence <paramref name="seq"/>: host seq % macs sends to host seq-1 % macs (learned by then), from port host % 4 + 1.</summary>
    private int Write(Span<byte> dest, int seq)
    {
        _template.CopyTo(dest);
        int host = (int)((_seqBase + (long)seq) % _macs);
        int peer = (host + _macs - 1) % _macs;
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], (uint)seq);

        // The in_port OXM value sits 4 bytes into the match's first (only) field.
        BinaryPrimitives.WriteUInt32BigEndian(dest[(OfpConstants.HeaderSize + 16 + 4 + 4)..], (uint)(1 + (host % Ports)));
        var frame = dest.Slice(_dataOffset, FrameLength);
        WriteMac(frame, Mac(peer));
        WriteMac(frame[6..], Mac(host));
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x0800);
        var ip = frame[14..];
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 20 + 8 + 8);
        BinaryPrimitives.WriteUInt32BigEndian(ip[4..], 0);
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], Ip(host));
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], Ip(peer));
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip[..20]));
        var udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, UdpPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], UdpPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], 16);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        BinaryPrimitives.WriteInt32BigEndian(udp[8..], _index);
        BinaryPrimitives.WriteInt32BigEndian(udp[12..], seq);
        return _template.Length;
    }

    /// <summary>Locally administered unicast MAC 02:ss:ss:hh:hh:hh.</summary>
    private ulong Mac(int host) => 0x0200_0000_0000UL | ((ulong)(uint)(_index & 0xffff) << 24) | (uint)(host & 0xff_ffff);

    /// <summary>10.0.0.0/8 split as switch (7 bits) and host (17 bits).</summary>
    private uint Ip(int host) => 0x0A00_0000u | ((uint)(_index & 0x7f) << 17) | ((uint)host & 0x1_ffff);

    private static void WriteMac(Span<byte> dest, ulong mac)
    {
        for (int i = 0; i < 6; i++)
        {
            dest[i] = (byte)(mac >> (8 * (5 - i)));
        }
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The switch's thread: answers the controller between runs and drives each run it is handed.</summary>
    private void Loop()
    {
        string? closed = null;
        try
        {
            while (!_stopping)
            {
                if (Interlocked.Exchange(ref _request, null) is { } request)
                {
                    Run(request);
                    continue;
                }

                // Between runs: wait for data at most one poll period, then look for a run request again.
                if (!ReceiveOnce())
                {
                    closed = "the controller closed the connection";
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            closed = _stopping ? "the bench stopped" : e.Message;
        }
        finally
        {
            closed ??= "the bench stopped";
            _ready.TrySetException(new IOException($"switch {_index + 1}: {closed} during the handshake"));
            Interlocked.Exchange(ref _request, null)?.Done.TrySetException(new IOException($"switch {_index + 1}: {closed} before the run started"));
            _exited.TrySetResult();
        }
    }

    private void Run(RunRequest request)
    {
        _seqBase += _packets;
        _packets = request.Packets;
        _next = 0;
        if (_sentAt.Length < request.Packets)
        {
            _sentAt = new long[request.Packets];
        }
        else
        {
            Array.Clear(_sentAt, 0, request.Packets);
        }

        int burstPackets = Math.Max(1, Math.Min(request.Window, MaxBurstBytes / _template.Length));
        if (_burst.Length < burstPackets * _template.Length)
        {
            _burst = new byte[burstPackets * _template.Length];
        }

        _latency.Reset();
        Volatile.Write(ref _answered, 0);
        Volatile.Write(ref _duplicates, 0);
        Volatile.Write(ref _foreign, 0);
        Volatile.Write(ref _flowMods, 0);
        Volatile.Write(ref _packetOuts, 0);
        Volatile.Write(ref _maxOutstanding, 0);
        _measuring = true;
        Volatile.Write(ref _endedAt, 0);
        long cpuBefore = ThreadCpuClock.NowNs();

        // The thread takes a request up to one poll period after it is made: the run's time starts here.
        Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());

        // Refill when a quarter of the window is answered, not on each answer: one send per burst
        // instead of one PACKET_IN per send. With a window of 1 (latency mode) it is each answer.
        int refillAt = request.Window - Math.Max(1, request.Window / 4);
        try
        {
            SendBurst(request.Window);
            while (_answered < _packets)
            {
                if (request.Cancellation.IsCancellationRequested)
                {
                    request.Done.TrySetCanceled(request.Cancellation);
                    return;
                }

                // Throughput mode: sleep in recv() until a part of the outstanding answers is in, not
                // until the first byte. Controllers that write each message on its own (ovs-testcontroller)
                // otherwise wake the switch once per message, and the wake-ups cost the shared CPU
                // several µs per response. Only bytes that are surely coming are awaited: the smallest
                // answer (a PACKET_OUT with the frame) for a quarter of the outstanding packet-ins.
                SetLowWater(request.Window == 1 ? 1 : (int)(_next - _answered) / 4 * MinAnswerBytes);
                if (!ReceiveOnce())
                {
                    request.Done.TrySetException(new IOException($"switch {_index + 1}: the controller closed the connection with {_answered} of {_packets} packet-ins answered"));
                    _stopping = true;
                    return;
                }

                if (_next < _packets && _next - _answered <= refillAt)
                {
                    SendBurst(request.Window - (int)(_next - _answered));
                }
            }

            Volatile.Write(ref _endedAt, Stopwatch.GetTimestamp());
            request.Done.TrySetResult();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            request.Done.TrySetException(new IOException($"switch {_index + 1}: {e.Message} with {_answered} of {_packets} packet-ins answered", e));
            _stopping = true;
        }
        finally
        {
            SetLowWater(1);
            _measuring = false;
            long cpuAfter = ThreadCpuClock.NowNs();
            Volatile.Write(ref _cpuNanoseconds, cpuBefore < 0 || cpuAfter < 0 ? 0 : cpuAfter - cpuBefore);
        }
    }

    /// <summary>Sets SO_RCVLOWAT, rounded down to a power of two (at most 64 KiB) so it changes, and costs a syscall, seldom.</summary>
    private void SetLowWater(int bytes)
    {
        int lowWater = bytes <= 1 ? 1 : (int)Math.Min(1u << 16, BitOperations.RoundUpToPowerOf2((uint)bytes + 1) >> 1);
        if (lowWater != _lowWater)
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, lowWater);
            _lowWater = lowWater;
        }
    }

    /// <summary>Sends up to <paramref name="count"/> more PACKET_INs, in as few sends as the burst buffer allows.</summary>
    private void SendBurst(int count)
    {
        count = Math.Min(count, _packets - _next);
        while (count > 0)
        {
            int chunk = Math.Min(count, _burst.Length / _template.Length);
            int length = 0;
            for (int k = 0; k < chunk; k++)
            {
                length += Write(_burst.AsSpan(length), _next + k);
            }

            long now = Stopwatch.GetTimestamp();
            _sentAt.AsSpan(_next, chunk).Fill(now);
            _next += chunk;
            count -= chunk;
            int outstanding = (int)(_next - _answered);
            if (outstanding > _maxOutstanding)
            {
                Volatile.Write(ref _maxOutstanding, outstanding);
            }

            SendAll(_burst.AsSpan(0, length));
        }
    }

    /// <summary>One blocking receive (at most one poll period) and every complete message in it handled; false when the peer closed.</summary>
    private bool ReceiveOnce()
    {
        if (_filled == _receive.Length)
        {
            throw new InvalidDataException($"switch {_index + 1}: a message larger than {_receive.Length} bytes");
        }

        int read;
        try
        {
            read = _socket.Receive(_receive, _filled, _receive.Length - _filled, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return true;
        }

        if (read == 0)
        {
            return false;
        }

        Volatile.Write(ref _bytesIn, _bytesIn + read);
        _filled += read;
        int offset = 0;
        while (_filled - offset >= OfpConstants.HeaderSize)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(offset + 2));
            if (length < OfpConstants.HeaderSize)
            {
                throw new InvalidDataException($"switch {_index + 1}: frame length {length} below the header size");
            }

            if (_filled - offset < length)
            {
                break;
            }

            Handle(_receive.AsSpan(offset, length));
            offset += length;
        }

        if (offset > 0)
        {
            _receive.AsSpan(offset, _filled - offset).CopyTo(_receive);
            _filled -= offset;
        }

        return true;
    }

    private void Handle(ReadOnlySpan<byte> frame)
    {
        var type = (OfpType)frame[1];
        switch (type)
        {
            case OfpType.PacketOut:
                OnPacketOut(frame);
                return;
            case OfpType.FlowMod:
                if (_measuring && MatchesOwnHost(frame))
                {
                    Volatile.Write(ref _flowMods, _flowMods + 1);
                }

                return;
            case OfpType.EchoReply:
                _ready.TrySetResult();
                return;
            case OfpType.Hello or OfpType.SetConfig or OfpType.GroupMod or OfpType.MeterMod or OfpType.PortMod or OfpType.TableMod or OfpType.SetAsync:
                return;
        }

        // Control messages are rare (handshake, keep-alive): decoding them with the codec allocates, which is fine here.
        if (!OfpCodec.TryDecode(frame, out var message, out _) || message is null)
        {
            return;
        }

        OfpMessage? reply = message switch
        {
            FeaturesRequest => new FeaturesReply { DatapathId = DatapathId, NTables = 1, Capabilities = SwitchCapabilities.FlowStats },
            EchoRequest echo => echo.CreateReply(),
            BarrierRequest => new BarrierReply(),
            GetConfigRequest => new GetConfigReply { MissSendLen = 0xffff },
            PortDescRequest => new PortDescReply { Ports = [.. Enumerable.Range(1, Ports).Select(PortOf)] },
            DescRequest => new DescReply { MfrDesc = "SdnCtl", HwDesc = "cbench-style emulated switch", SwDesc = "sdnctl bench reactive", SerialNum = "none", DpDesc = $"bench switch {_index + 1}" },
            RoleRequest role => new RoleReply { Role = role.Role, GenerationId = role.GenerationId },

            // Statistics it does not keep are refused as the spec says, so a controller reading its
            // flows or groups (reconciliation) is told at once instead of waiting for a reply.
            MultipartRequest => new ErrorMessage { ErrorType = OfpErrorType.BadRequest, Code = (ushort)BadRequestCode.BadMultipart, Data = frame[..Math.Min(frame.Length, 64)].ToArray() },
            _ => null,
        };
        if (reply is null)
        {
            return;
        }

        reply.Xid = message.Xid;
        SendAll(reply.ToArray());
        if (message is FeaturesRequest)
        {
            // Once the controller has our features, an echo round trip tells us it has taken the switch on.
            SendAll(new EchoRequest { Xid = 0xcb }.ToArray());
        }
    }

    private OfpPort PortOf(int n) => new()
    {
        PortNo = (uint)n,
        HwAddr = 0x0600_0000_0000UL | ((ulong)(uint)_index << 8) | (uint)n,
        Name = $"b{_index + 1}-eth{n}",
        State = PortState.Live,
        Curr = PortFeatures.Rate10GbFd | PortFeatures.Copper,
        CurrSpeed = 10_000_000,
        MaxSpeed = 10_000_000,
    };

    /// <summary>
    /// True when the FLOW_MOD's match names one of this switch's emulated hosts as eth_dst: a rule for
    /// the bench's traffic, not one the controller installs on its own when a switch connects (table-miss,
    /// LLDP to controller), which may still be on the wire when the run starts.
    /// </summary>
    private bool MatchesOwnHost(ReadOnlySpan<byte> flowMod)
    {
        // ofp_flow_mod's match starts at byte 48: type, length, then OXM TLVs (spec 7.3.4.1, 7.2.3).
        const int MatchOffset = 48;
        if (flowMod.Length < MatchOffset + 4)
        {
            return false;
        }

        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(flowMod[(MatchOffset + 2)..]);
        var oxms = flowMod[(MatchOffset + 4)..Math.Min(flowMod.Length, MatchOffset + matchLength)];
        while (oxms.Length >= 4)
        {
            uint header = BinaryPrimitives.ReadUInt32BigEndian(oxms);
            int length = (int)(header & 0xff);
            if (oxms.Length < 4 + length)
            {
                return false;
            }

            // OFPXMC_OPENFLOW_BASIC (0x8000), field OFPXMT_OFB_ETH_DST (3), with or without a mask.
            if (header >> 16 == 0x8000 && ((header >> 9) & 0x7f) == 3 && length >= 6)
            {
                var mac = oxms.Slice(4, 6);
                return mac[0] == 0x02 && BinaryPrimitives.ReadUInt16BigEndian(mac[1..]) == (ushort)(_index & 0xffff);
            }

            oxms = oxms[(4 + length)..];
        }

        return false;
    }

    private void OnPacketOut(ReadOnlySpan<byte> message)
    {
        // ofp_packet_out: header, buffer_id, in_port, actions_len, pad[6], actions, data.
        if (message.Length < 24)
        {
            return;
        }

        int actionsLength = BinaryPrimitives.ReadUInt16BigEndian(message[16..]);
        var data = message[Math.Min(message.Length, 24 + actionsLength)..];
        if (data.Length < FrameLength || BinaryPrimitives.ReadUInt16BigEndian(data[12..]) != 0x0800
            || BinaryPrimitives.ReadUInt16BigEndian(data[(14 + 20 + 2)..]) != UdpPort)
        {
            return; // LLDP probes and anything else the controller sends on its own
        }

        if (!_measuring)
        {
            return;
        }

        Volatile.Write(ref _packetOuts, _packetOuts + 1);
        int index = BinaryPrimitives.ReadInt32BigEndian(data[(14 + 20 + 8)..]);
        int seq = BinaryPrimitives.ReadInt32BigEndian(data[(14 + 20 + 12)..]);
        if (index != _index)
        {
            Volatile.Write(ref _foreign, _foreign + 1);
            return;
        }

        if ((uint)seq >= (uint)_next)
        {
            return; // not sent in this run
        }

        // A sent packet's timestamp is cleared when it is answered: a second answer finds it cleared.
        long sentAt = _sentAt[seq];
        if (sentAt == 0)
        {
            Volatile.Write(ref _duplicates, _duplicates + 1);
            return;
        }

        _sentAt[seq] = 0;
        _latency.RecordValue(Math.Clamp(Stopwatch.GetTimestamp() - sentAt, 1, HighestLatencyTicks));
        Volatile.Write(ref _answered, _answered + 1);
    }

    /// <summary>Blocking send of every byte, from the switch's thread (or before it starts).</summary>
    private void SendAll(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes, SocketFlags.None)..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        // The thread (started on connect) sees the shutdown, or its stop flag within one poll period, and exits.
        await _exited.Task.ConfigureAwait(false);

        _socket.Dispose();
    }

    private sealed record RunRequest(int Packets, int Window, CancellationToken Cancellation)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
