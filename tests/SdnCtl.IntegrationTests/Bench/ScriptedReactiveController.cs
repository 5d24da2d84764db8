using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.IntegrationTests.Bench;

/// <summary>
/// A test double controller for the reactive bench's own checks: it answers each PACKET_IN with a
/// PACKET_OUT carrying the frame (twice when <see cref="AnswerTwice"/>), and with <see cref="ProbeOutstanding"/>
/// it first sends an ECHO_REQUEST and reads up to the ECHO_REPLY, counting PACKET_INs that arrive
/// meanwhile: a switch keeping one packet-in outstanding sends nothing before its answer, while a
/// window of k sends its k packet-ins in one burst before it reads anything, so they arrive ahead
/// of the echo reply. No timing is involved.
/// </summary>
internal sealed class ScriptedReactiveController : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _connections = [];
    private readonly Thread _acceptor;
    private int _unansweredSeen;

    public ScriptedReactiveController()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _acceptor = new Thread(Accept) { IsBackground = true };
        _acceptor.Start();
    }

    public bool AnswerTwice { get; init; }

    public bool ProbeOutstanding { get; init; }

    public string Target => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

    /// <summary>PACKET_INs that arrived while an earlier one of the same switch was still unanswered.</summary>
    public int UnansweredSeen => Volatile.Read(ref _unansweredSeen);

    private void Accept()
    {
        try
        {
            while (true)
            {
                var connection = _listener.Accept();
                lock (_connections)
                {
                    _connections.Add(connection);
                }

                new Thread(() => Serve(connection)) { IsBackground = true }.Start();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Serve(Socket connection)
    {
        var reader = new MessageReader(connection);
        try
        {
            connection.Send([.. Hello.ForVersions(OfpConstants.Version).ToArray(), .. new FeaturesRequest { Xid = 1 }.ToArray()]);
            while (reader.Next() is { } message)
            {
                switch (message)
                {
                    case EchoRequest echo:
                        connection.Send(echo.CreateReply().ToArray());
                        break;
                    case PacketIn packetIn:
                        var pending = new List<PacketIn> { packetIn };
                        if (ProbeOutstanding)
                        {
                            Probe(connection, reader, pending);
                        }

                        foreach (var p in pending)
                        {
                            var answer = new PacketOut { Xid = p.Xid, Actions = [OfpAction.Output(1)], Data = p.Data }.ToArray();
                            connection.Send(AnswerTwice ? [.. answer, .. answer] : answer);
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Probe(Socket connection, MessageReader reader, List<PacketIn> pending)
    {
        connection.Send(new EchoRequest { Xid = 0x9e0be }.ToArray());
        while (reader.Next() is { } message and not EchoReply { Xid: 0x9e0be })
        {
            if (message is PacketIn packetIn)
            {
                // Counted, and answered after the first, so the run still completes.
                Interlocked.Increment(ref _unansweredSeen);
                pending.Add(packetIn);
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Shutdown(SocketShutdown.Both);
                connection.Dispose();
            }
        }
    }

    /// <summary>Whole OpenFlow messages off a blocking socket, decoded by the codec.</summary>
    private sealed class MessageReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;

        public OfpMessage? Next()
        {
            while (true)
            {
                if (_end - _start >= OfpConstants.HeaderSize)
                {
                    int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2));
                    if (_end - _start >= length)
                    {
                        var frame = _buffer.AsSpan(_start, length);
                        _start += length;
                        if (OfpCodec.TryDecode(frame, out var message, out _) && message is not null)
                        {
                            return message;
                        }

                        continue;
                    }
                }

                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
                int read = socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
                if (read == 0)
                {
                    return null;
                }

                _end += read;
            }
        }
    }
}
