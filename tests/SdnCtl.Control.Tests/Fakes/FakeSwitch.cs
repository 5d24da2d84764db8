using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>
/// A switch session without a socket: records every message the controller sends and, on
/// <see cref="Flush"/> (not before, as a real transport), hands them to the <see cref="FakeNetwork"/>
/// that plays the switch.
/// </summary>
internal sealed class FakeSwitch : ISwitchConnection
{
    private readonly FakeNetwork _network;
    private readonly List<OfpMessage> _sent = [];
    private readonly List<OfpMessage> _queued = [];
    private uint _xid;

    public FakeSwitch(FakeNetwork network, ulong datapathId, string name, IEnumerable<uint> ports)
    {
        _network = network;
        DatapathId = datapathId;
        Name = name;
        Features = new FeaturesReply { DatapathId = datapathId, NTables = 1, NBuffers = 0 };
        Description = new DescReply { MfrDesc = "SdnCtl tests", SwDesc = "fake" };
        PortList = ports.Select(p => new OfpPort
        {
            PortNo = p,
            HwAddr = PortMac(datapathId, p),
            Name = $"{name}-eth{p}",
            State = PortState.Live,
            CurrSpeed = 1_000_000,
        }).ToList();
    }

    public string Name { get; }

    public ulong DatapathId { get; }

    public string RemoteAddress => $"127.0.0.1:{40000 + DatapathId}";

    public FeaturesReply Features { get; }

    public DescReply Description { get; }

    public IReadOnlyList<OfpPort> Ports => PortList;

    public List<OfpPort> PortList { get; }

    public bool IsConnected { get; set; } = true;

    public bool IsWritable => true;

    public FakeFlowTable Table { get; } = new();

    public int Flushes { get; private set; }

    /// <summary>Everything sent so far, in order.</summary>
    public IReadOnlyList<OfpMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<FlowMod> FlowMods => Sent.OfType<FlowMod>().ToList();

    public IReadOnlyList<PacketOut> PacketOuts => Sent.OfType<PacketOut>().ToList();

    /// <summary>A locally administered MAC unique per switch port.</summary>
    public static ulong PortMac(ulong dpid, uint port) => 0x0200_0000_0000UL | ((dpid & 0xffff) << 16) | (port & 0xffff);

    public void ClearSent()
    {
        lock (_sent)
        {
            _sent.Clear();
            Flushes = 0;
        }
    }

    public Task WhenWritableAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public uint NextXid() => Interlocked.Increment(ref _xid);

    public void Send(OfpMessage message)
    {
        if (message.Xid == 0)
        {
            message.Xid = NextXid();
        }

        lock (_sent)
        {
            _sent.Add(message);
            _queued.Add(message);
        }
    }

    public void Flush()
    {
        OfpMessage[] batch;
        lock (_sent)
        {
            batch = [.. _queued];
            _queued.Clear();
            Flushes++;
        }

        _network.Execute(this, batch);
    }

    /// <summary>While set, barriers are flushed but answered only when the test completes it (a switch slow to confirm).</summary>
    public TaskCompletionSource? HeldBarriers { get; set; }

    /// <summary>Barriers asked for so far.</summary>
    public int Barriers { get; private set; }

    public Task BarrierAsync(CancellationToken cancellationToken = default)
    {
        Flush();
        Barriers++;
        return HeldBarriers?.Task ?? Task.CompletedTask;
    }

    public Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
        where TReply : OfpMessage => throw new NotSupportedException();

    /// <summary>Answers multipart requests when a test sets it (statistics); without it they are not supported.</summary>
    public Func<MultipartRequest, CancellationToken, Task<IReadOnlyList<MultipartReply>>>? MultipartResponder { get; set; }

    public async Task<IReadOnlyList<TReply>> RequestMultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
        where TReply : MultipartReply
    {
        if (MultipartResponder is not { } answer)
        {
            throw new NotSupportedException();
        }

        IReadOnlyList<MultipartReply> parts = await answer(request, cancellationToken).WaitAsync(cancellationToken);
        return [.. parts.Cast<TReply>()];
    }

    public Task CloseAsync(string reason)
    {
        IsConnected = false;
        return Task.CompletedTask;
    }

    public override string ToString() => $"{Name} ({DatapathId:x})";
}
