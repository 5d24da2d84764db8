using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Tests.Fakes;

/// <summary>
/// A minimal OpenFlow 1.3 switch over a raw socket: says HELLO, answers the handshake, echoes and
/// barriers, and records every message it receives so that tests can wait for and inspect them.
/// Behaviour is adjusted through its properties (set before <see cref="ConnectAsync"/>) and
/// <see cref="Intercept"/>.
/// </summary>
internal sealed class FakeSwitch : IAsyncDisposable
{
    private readonly TcpClient _client = new() { NoDelay = true };
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<OfpMessage> _received = [];
    private readonly List<(Func<OfpMessage, bool> Predicate, TaskCompletionSource<OfpMessage> Completion)> _waiters = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NetworkStream? _stream;
    private Task? _readLoop;

    public FakeSwitch(ulong datapathId) => DatapathId = datapathId;

    public ulong DatapathId { get; }

    /// <summary>The HELLO sent on connect.</summary>
    public Hello Hello { get; init; } = Hello.ForVersions(OfpConstants.Version);

    /// <summary>Whether to answer the controller's ECHO_REQUESTs.</summary>
    public bool AnswerEchoes { get; set; } = true;

    /// <summary>Whether to answer the handshake's FEATURES_REQUEST (false = stall the handshake).</summary>
    public bool AnswerFeatures { get; init; } = true;

    /// <summary>Auxiliary id reported in FEATURES_REPLY.</summary>
    public byte AuxiliaryId { get; init; }

    /// <summary>Ports reported by PORT_DESC.</summary>
    public IReadOnlyList<OfpPort> Ports { get; init; } = DefaultPorts(3);

    /// <summary>How many REPLY_MORE parts the PORT_DESC reply is split into.</summary>
    public int PortDescParts { get; init; } = 1;

    /// <summary>Manufacturer string reported by DESC.</summary>
    public string Manufacturer { get; init; } = "SdnCtl tests";

    /// <summary>
    /// Sees every received message first; returning true suppresses the default answer. Runs on the
    /// read loop, so answers sent from it are ordered with the default ones.
    /// </summary>
    public Func<OfpMessage, FakeSwitch, Task<bool>>? Intercept { get; set; }

    /// <summary>Completes when the controller closes the connection (or it breaks).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Messages received that could not be decoded (should stay empty).</summary>
    public int UndecodableCount { get; private set; }

    public static List<OfpPort> DefaultPorts(int count) =>
        Enumerable.Range(1, count)
            .Select(i => new OfpPort { PortNo = (uint)i, HwAddr = 0x0200_0000_0000UL + (ulong)i, Name = $"eth{i}", CurrSpeed = 10_000_000, MaxSpeed = 10_000_000 })
            .ToList();

    public async Task ConnectAsync(IPEndPoint server)
    {
        await _client.ConnectAsync(IPAddress.Loopback, server.Port).ConfigureAwait(false);
        _stream = _client.GetStream();
        await SendAsync(Hello).ConfigureAwait(false);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>A snapshot of everything received so far, in order.</summary>
    public List<OfpMessage> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Received messages of type <typeparamref name="T"/>, in order.</summary>
    public List<T> ReceivedOf<T>()
        where T : OfpMessage => Received.OfType<T>().ToList();

    /// <summary>
    /// Completes with the first received message (past or future) matching <paramref name="predicate"/>;
    /// faults if the connection closes first.
    /// </summary>
    public Task<OfpMessage> WaitForAsync(Func<OfpMessage, bool> predicate)
    {
        lock (_gate)
        {
            var existing = _received.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            if (_closed.Task.IsCompleted)
            {
                return Task.FromException<OfpMessage>(new IOException("the fake switch's connection is closed"));
            }

            var completion = new TaskCompletionSource<OfpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, completion));
            return completion.Task;
        }
    }

    /// <summary>Waits until <paramref name="count"/> messages of type <typeparamref name="T"/> have arrived.</summary>
    public async Task<List<T>> WaitForCountAsync<T>(int count)
        where T : OfpMessage
    {
        int seen = 0;
        await WaitForAsync(m => m is T && ++seen >= count).ConfigureAwait(false);
        return ReceivedOf<T>();
    }

    public async Task SendAsync(OfpMessage message)
    {
        if (message.Xid == 0 && message.Type != OfpType.Hello)
        {
            message.Xid = 0x5000_0000u + (uint)Random.Shared.Next(1 << 20);
        }

        await SendRawAsync(message.ToArray()).ConfigureAwait(false);
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _stream!.WriteAsync(bytes).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_readLoop is not null)
        {
            await _readLoop.ConfigureAwait(false);
        }

        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var header = new byte[OfpConstants.HeaderSize];
        try
        {
            while (true)
            {
                await _stream!.ReadExactlyAsync(header).ConfigureAwait(false);
                int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                var frame = new byte[Math.Max(length, OfpConstants.HeaderSize)];
                header.CopyTo(frame, 0);
                await _stream.ReadExactlyAsync(frame.AsMemory(OfpConstants.HeaderSize)).ConfigureAwait(false);
                if (!OfpCodec.TryDecode(frame, out var message, out _))
                {
                    UndecodableCount++;
                    continue;
                }

                Record(message!);
                bool handled = Intercept is not null && await Intercept(message!, this).ConfigureAwait(false);
                if (!handled)
                {
                    await AnswerAsync(message!).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            // Closed by the controller or by DisposeAsync.
        }
        finally
        {
            List<TaskCompletionSource<OfpMessage>> orphans;
            lock (_gate)
            {
                _closed.TrySetResult();
                orphans = _waiters.Select(w => w.Completion).ToList();
                _waiters.Clear();
            }

            foreach (var orphan in orphans)
            {
                orphan.TrySetException(new IOException("the fake switch's connection closed before the awaited message arrived"));
            }
        }
    }

    private void Record(OfpMessage message)
    {
        List<TaskCompletionSource<OfpMessage>> matched = [];
        lock (_gate)
        {
            _received.Add(message);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(message))
                {
                    matched.Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var completion in matched)
        {
            completion.TrySetResult(message);
        }
    }

    private async Task AnswerAsync(OfpMessage message)
    {
        switch (message)
        {
            case FeaturesRequest when AnswerFeatures:
                await SendAsync(new FeaturesReply { Xid = message.Xid, DatapathId = DatapathId, NBuffers = 256, NTables = 4, AuxiliaryId = AuxiliaryId }).ConfigureAwait(false);
                break;
            case PortDescRequest:
                await SendPortDescAsync(message.Xid).ConfigureAwait(false);
                break;
            case DescRequest:
                await SendAsync(new DescReply { Xid = message.Xid, MfrDesc = Manufacturer, HwDesc = "fake", SwDesc = "fake 1.0", SerialNum = "42", DpDesc = $"fake {DatapathId:x}" }).ConfigureAwait(false);
                break;
            case EchoRequest echo when AnswerEchoes:
                await SendAsync(echo.CreateReply()).ConfigureAwait(false);
                break;
            case BarrierRequest:
                await SendAsync(new BarrierReply { Xid = message.Xid }).ConfigureAwait(false);
                break;
            case RoleRequest role:
                await SendAsync(new RoleReply { Xid = role.Xid, Role = role.Role, GenerationId = role.GenerationId }).ConfigureAwait(false);
                break;
        }
    }

    private async Task SendPortDescAsync(uint xid)
    {
        int parts = Math.Max(1, PortDescParts);
        int perPart = (Ports.Count + parts - 1) / parts;
        for (int i = 0; i < parts; i++)
        {
            var reply = new PortDescReply
            {
                Xid = xid,
                Flags = i < parts - 1 ? MultipartReplyFlags.ReplyMore : MultipartReplyFlags.None,
                Ports = Ports.Skip(i * perPart).Take(perPart).ToList(),
            };
            await SendAsync(reply).ConfigureAwait(false);
        }
    }

    /// <summary>An OFPT_ERROR answering <paramref name="request"/>.</summary>
    public static ErrorMessage ErrorFor(OfpMessage request, OfpErrorType type, ushort code) =>
        new() { Xid = request.Xid, ErrorType = type, Code = code, Data = request.ToArray().AsMemory(0, Math.Min(64, request.Length)) };
}
