using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Cli.Bench.Reactive;

/// <summary>
/// The harness's own floor (<c>--controller echo</c>): the least a controller can do. Each connection
/// gets a dedicated thread with blocking socket calls that answers every PACKET_IN at once with a
/// pre-built FLOW_MOD (eth_dst of the frame → port 1) and a PACKET_OUT carrying the frame, both patched
/// in place, all answers to one receive going out in one send. Whatever latency and CPU a run against
/// it shows is the load generator's and the kernel's, not a controller's.
/// </summary>
internal sealed class EchoResponder : IDisposable
{
    private const ulong MacSentinel = 0x0A0B_0C0D_0E0F;

    private readonly Socket _listener;
    private readonly Thread _acceptor;
    private readonly List<Socket> _connections = [];
    private readonly byte[] _flowModTemplate;
    private readonly int _ethDstOffset;
    private readonly byte[] _packetOutTemplate;
    private volatile bool _stopping;

    public EchoResponder()
    {
        var flowMod = new FlowMod
        {
            Command = FlowModCommand.Add,
            IdleTimeout = 60,
            Match = [OxmEntry.EthDst(MacSentinel)],
            Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(1))],
        };
        _flowModTemplate = flowMod.ToArray();
        Span<byte> sentinel = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(sentinel, MacSentinel);
        _ethDstOffset = _flowModTemplate.AsSpan().IndexOf(sentinel[2..]);
        _packetOutTemplate = new PacketOut { InPort = OfpPortNo.Controller, Actions = [OfpAction.Output(OfpPortNo.Flood)] }.ToArray();

        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "cbench-echo-accept" };
        _acceptor.Start();
    }

    public IPEndPoint EndPoint { get; }

    private void Accept()
    {
        while (!_stopping)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            connection.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(connection);
            }

            new Thread(() => Serve(connection)) { IsBackground = true, Name = "cbench-echo" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        var input = new byte[1 << 18];
        var output = new byte[1 << 20];
        int filled = 0;
        try
        {
            SendAll(connection, [.. Hello.ForVersions(OfpConstants.Version).ToArray(), .. new FeaturesRequest { Xid = 1 }.ToArray()]);
            while (true)
            {
                int read = connection.Receive(input, filled, input.Length - filled, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                int offset = 0;
                int length = 0;
                while (filled - offset >= OfpConstants.HeaderSize)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(offset + 2));
                    if (size < OfpConstants.HeaderSize || size > input.Length)
                    {
                        return; // not OpenFlow: drop the connection
                    }

                    if (filled - offset < size)
                    {
                        break;
                    }

                    // A full output buffer goes out before more answers are added to it.
                    if (output.Length - length < size + _flowModTemplate.Length + _packetOutTemplate.Length)
                    {
                        SendAll(connection, output.AsSpan(0, length));
                        length = 0;
                    }

                    length += Answer(input.AsSpan(offset, size), output.AsSpan(length));
                    offset += size;
                }

                if (length > 0)
                {
                    SendAll(connection, output.AsSpan(0, length));
                }

                input.AsSpan(offset, filled - offset).CopyTo(input);
                filled -= offset;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Writes the answer to one message into <paramref name="dest"/> and returns its length (0: none).</summary>
    private int Answer(ReadOnlySpan<byte> message, Span<byte> dest)
    {
        switch ((OfpType)message[1])
        {
            case OfpType.EchoRequest:
                message.CopyTo(dest);
                dest[1] = (byte)OfpType.EchoReply;
                return message.Length;
            case OfpType.PacketIn:
                return AnswerPacketIn(message, dest);
            default:
                return 0;
        }
    }

    private int AnswerPacketIn(ReadOnlySpan<byte> packetIn, Span<byte> dest)
    {
        // ofp_packet_in: header, buffer_id, total_len, reason, table_id, cookie, match (padded to 8), pad[2], data.
        const int MatchOffset = 24;
        if (packetIn.Length < MatchOffset + 4)
        {
            return 0;
        }

        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(packetIn[(MatchOffset + 2)..]);
        int dataOffset = MatchOffset + ((matchLength + 7) / 8 * 8) + 2;
        if (packetIn.Length < dataOffset + 14)
        {
            return 0;
        }

        var data = packetIn[dataOffset..];
        uint xid = BinaryPrimitives.ReadUInt32BigEndian(packetIn[4..]);

        _flowModTemplate.CopyTo(dest);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], xid);
        data[..6].CopyTo(dest[_ethDstOffset..]);
        var packetOut = dest[_flowModTemplate.Length..];
        _packetOutTemplate.CopyTo(packetOut);
        BinaryPrimitives.WriteUInt16BigEndian(packetOut[2..], (ushort)(_packetOutTemplate.Length + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(packetOut[4..], xid);
        data.CopyTo(packetOut[_packetOutTemplate.Length..]);
        return _flowModTemplate.Length + _packetOutTemplate.Length + data.Length;
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[socket.Send(bytes, SocketFlags.None)..];
        }
    }

    public void Dispose()
    {
        _stopping = true;

        // Shutdown wakes the threads blocked in accept() and recv(); closing alone need not.
        Shut(_listener);
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                Shut(connection);
            }
        }

        _acceptor.Join();
    }

    private static void Shut(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        socket.Dispose();
    }
}
