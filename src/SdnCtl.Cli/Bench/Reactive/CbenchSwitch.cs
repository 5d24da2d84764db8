using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
/// Written on a raw <see cref="Socket"/> rather than the DotNetty switch agent: the load generator
/// must cost far less than the controller it measures. PACKET_INs are patched into a template made
/// once by the codec (no allocation per packet), and the receive side reads only the header and,
/// for PACKET_OUT, the sequence number.
/// </remarks>
internal sealed class CbenchSwitch : IAsyncDisposable
{
    /// <summary>UDP destination port of the bench's frames, so they are told from anything else.</summary>
    public const ushort UdpPort = 0xcb00;

    private const int FrameLength = 14 + 20 + 8 + 8;
    private const int Ports = 4;

    private readonly int _index;
    private readonly int _macs;
    private readonly Socket _socket;
    private readonly byte[] _template;
    private readonly int _dataOffset;
    private long[] _sentAt = [];
    private long[] _latencyTicks = [];
    private readonly SemaphoreSlim _credit = new(0);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _seqBase;
    private int _packets;
    private int _window;
    private bool _measuring;
    private long _answered;
    private long _flowMods;
    private long _packetOuts;
    private long _duplicates;
    private long _foreign;
    private long _bytesIn;
    private int _waiting;

    // The answered count at which a sender waiting for credit resumes.
    private long _resumeAt;

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
    }

    /// <summary>The datapath id this switch reports: its index + 1, with a bench marker in the high bits.</summary>
    public ulong DatapathId => 0xcb00_0000_0000_0000UL | (uint)(_index + 1);

    public long Answered => Interlocked.Read(ref _answered);

    public long FlowMods => Interlocked.Read(ref _flowMods);

    public long PacketOuts => Interlocked.Read(ref _packetOuts);

    /// <summary>PACKET_OUTs carrying a frame already answered (a controller sending a packet twice).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>PACKET_OUTs carrying another switch's frame (a flood across switches).</summary>
    public long Foreign => Interlocked.Read(ref _foreign);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Latency of every answered packet-in of the run, in stopwatch ticks (0 = not answered).</summary>
    public ReadOnlySpan<long> LatencyTicks => _latencyTicks;

    /// <summary>Completes when the controller has finished the handshake (answered this switch's echo).</summary>
    public Task Ready => _ready.Task;

    public static async Task<CbenchSwitch> ConnectAsync(IPEndPoint controller, int index, int macs, CancellationToken cancellationToken)
    {
        var socket = new Socket(controller.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(controller, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var sw = new CbenchSwitch(index, macs, socket);
        await sw.SendAsync(Hello.ForVersions(OfpConstants.Version), cancellationToken).ConfigureAwait(false);
        return sw;
    }

    /// <summary>Starts the receive loop; it runs until the socket closes.</summary>
    public Task ReceiveLoop(CancellationToken cancellationToken) => Task.Run(() => ReceiveAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Sends <paramref name="packets"/> PACKET_INs with at most <paramref name="window"/> unanswered
    /// at a time and completes when all are answered. Runs follow each other; the hosts' sequence
    /// continues from the previous run, so hosts learned in one run are known in the next.
    /// </summary>
    public async Task RunAsync(int packets, int window, CancellationToken cancellationToken)
    {
        _seqBase += _packets;
        _sentAt = new long[packets];
        _latencyTicks = new long[packets];
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _answered, 0);
        Interlocked.Exchange(ref _duplicates, 0);
        Interlocked.Exchange(ref _foreign, 0);
        _packets = packets;
        _window = window;
        Interlocked.Exchange(ref _flowMods, 0);
        Interlocked.Exchange(ref _packetOuts, 0);
        Volatile.Write(ref _measuring, true);
        var buffer = new byte[Math.Min(window, 512) * _template.Length];
        int next = 0;
        while (next < _packets)
        {
            int allowed = (int)Math.Min(_window - (next - Answered), _packets - next);
            if (allowed <= 0)
            {
                // Wait for a quarter of the window, not for one answer: waking per answer made the
                // generator send one PACKET_IN per wake-up and per syscall, costing the shared CPU more
                // than the controller it measures. With a window of 1 (latency mode) it is one answer.
                Volatile.Write(ref _resumeAt, next - _window + Math.Max(1, _window / 4));

                // Full fences on both sides (here and the receiver's Interlocked.Increment): either the
                // receiver sees _waiting or this sees its answer, so no wake-up is lost.
                Interlocked.Exchange(ref _waiting, 1);
                if (Answered < Volatile.Read(ref _resumeAt))
                {
                    await _credit.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref _waiting, 0);
                continue;
            }

            int count = Math.Min(allowed, buffer.Length / _template.Length);
            int length = 0;
            for (int k = 0; k < count; k++)
            {
                length += Write(buffer.AsSpan(length), next + k);
            }

            long now = Stopwatch.GetTimestamp();
            for (int k = 0; k < count; k++)
            {
                _sentAt[next + k] = now;
            }

            next += count;
            await SendAllAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _measuring, false);
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

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 18];
        int filled = 0;
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                Interlocked.Add(ref _bytesIn, read);
                filled += read;
                int offset = 0;
                while (filled - offset >= OfpConstants.HeaderSize)
                {
                    int length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 2));
                    if (length < OfpConstants.HeaderSize)
                    {
                        throw new InvalidDataException($"switch {_index + 1}: frame length {length} below the header size");
                    }

                    if (filled - offset < length)
                    {
                        break;
                    }

                    await HandleAsync(buffer.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
                    offset += length;
                }

                if (offset > 0)
                {
                    buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                    filled -= offset;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _ready.TrySetException(new IOException($"switch {_index + 1}: the controller closed the connection during the handshake"));
            _done.TrySetException(new IOException($"switch {_index + 1}: the controller closed the connection with {Answered} of {_packets} packet-ins answered"));
        }
    }

    private async ValueTask HandleAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var type = (OfpType)frame.Span[1];
        switch (type)
        {
            case OfpType.PacketOut:
                OnPacketOut(frame.Span);
                return;
            case OfpType.FlowMod:
                if (Volatile.Read(ref _measuring) && MatchesOwnHost(frame.Span))
                {
                    Interlocked.Increment(ref _flowMods);
                }

                return;
            case OfpType.EchoReply:
                _ready.TrySetResult();
                return;
            case OfpType.Hello or OfpType.SetConfig or OfpType.GroupMod or OfpType.MeterMod or OfpType.PortMod or OfpType.TableMod or OfpType.SetAsync:
                return;
        }

        if (!OfpCodec.TryDecode(frame.Span, out var message, out _) || message is null)
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
            MultipartRequest => new ErrorMessage { ErrorType = OfpErrorType.BadRequest, Code = (ushort)BadRequestCode.BadMultipart, Data = frame[..Math.Min(frame.Length, 64)] },
            _ => null,
        };
        if (reply is null)
        {
            return;
        }

        reply.Xid = message.Xid;
        await SendAsync(reply, cancellationToken).ConfigureAwait(false);
        if (message is FeaturesRequest)
        {
            // Once the controller has our features, an echo round trip tells us it has taken the switch on.
            await SendAsync(new EchoRequest { Xid = 0xcb }, cancellationToken).ConfigureAwait(false);
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

        if (Volatile.Read(ref _measuring))
        {
            Interlocked.Increment(ref _packetOuts);
        }

        int index = BinaryPrimitives.ReadInt32BigEndian(data[(14 + 20 + 8)..]);
        int seq = BinaryPrimitives.ReadInt32BigEndian(data[(14 + 20 + 12)..]);
        if (index != _index)
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        if ((uint)seq >= (uint)_packets || _sentAt[seq] == 0)
        {
            return;
        }

        if (_latencyTicks[seq] != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        _latencyTicks[seq] = Math.Max(1, Stopwatch.GetTimestamp() - _sentAt[seq]);
        long answered = Interlocked.Increment(ref _answered);
        if (answered >= _packets)
        {
            _done.TrySetResult();
        }

        if (Volatile.Read(ref _waiting) == 1 && answered >= Volatile.Read(ref _resumeAt) && _credit.CurrentCount == 0)
        {
            _credit.Release();
        }
    }

    private async ValueTask SendAsync(OfpMessage message, CancellationToken cancellationToken) =>
        await SendAllAsync(message.ToArray(), cancellationToken).ConfigureAwait(false);

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!bytes.IsEmpty)
            {
                int sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
        _credit.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
