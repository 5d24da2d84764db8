using System.Buffers.Binary;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>
/// A switch session that does on the sending thread what the southbound's does (encodes each message
/// into a reused buffer) and keeps nothing else: no message object, no list. What the control loop
/// allocates while it sends to one is the loop's own, which allocation tests count.
/// </summary>
internal sealed class EncodingSwitch : ISwitchConnection
{
    private readonly byte[] _buffer = new byte[OfpConstants.MaxMessageSize];
    private uint _xid;

    public EncodingSwitch(ulong datapathId, int ports)
    {
        DatapathId = datapathId;
        Features = new FeaturesReply { DatapathId = datapathId, NTables = 1, NBuffers = 0 };
        Description = new DescReply { MfrDesc = "SdnCtl tests", SwDesc = "encoding" };
        Ports = [.. Enumerable.Range(1, ports).Select(p => new OfpPort
        {
            PortNo = (uint)p,
            HwAddr = FakeSwitch.PortMac(datapathId, (uint)p),
            Name = $"s{datapathId}-eth{p}",
            State = PortState.Live,
            CurrSpeed = 1_000_000,
        })];
    }

    public ulong DatapathId { get; }

    public string RemoteAddress => "127.0.0.1:6653";

    public FeaturesReply Features { get; }

    public DescReply Description { get; }

    public IReadOnlyList<OfpPort> Ports { get; }

    public bool IsConnected => true;

    public bool IsWritable => true;

    /// <summary>Messages sent, FLOW_MODs and PACKET_OUTs among them (by the type byte on the wire).</summary>
    public long Messages { get; private set; }

    public long FlowMods { get; private set; }

    public long PacketOuts { get; private set; }

    public uint NextXid() => ++_xid;

    public void Send(OfpMessage message)
    {
        if (message.Xid == 0)
        {
            message.Xid = NextXid();
        }

        int length = message.Length;
        message.WriteTo(_buffer, length);
        Count(_buffer.AsSpan(0, length));
    }

    public void SendCopy(OfpMessage message)
    {
        int length = message.Length;
        message.WriteTo(_buffer, length);
        Count(_buffer.AsSpan(0, length));
    }

    public void Flush()
    {
    }

    public Task WhenWritableAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task BarrierAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
        where TReply : OfpMessage => throw new NotSupportedException();

    public Task<IReadOnlyList<TReply>> RequestMultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
        where TReply : MultipartReply => throw new NotSupportedException();

    public Task CloseAsync(string reason) => Task.CompletedTask;

    private void Count(ReadOnlySpan<byte> messages)
    {
        for (int at = 0; at + OfpConstants.HeaderSize <= messages.Length;)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(messages[(at + 2)..]);
            Messages++;
            if (messages[at + 1] == (byte)OfpType.FlowMod)
            {
                FlowMods++;
            }
            else if (messages[at + 1] == (byte)OfpType.PacketOut)
            {
                PacketOuts++;
            }

            at += Math.Max(length, OfpConstants.HeaderSize);
        }
    }
}
