using BenchmarkDotNet.Attributes;
using DotNetty.Buffers;
using DotNetty.Transport.Channels.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Benchmarks.DataPlane;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Southbound;
using SdnCtl.Southbound.Sessions;

namespace SdnCtl.Benchmarks.Southbound;

/// <summary>
/// The controller's share of proactive installation: a batch of 1,000 FLOW_MODs built, sent on a
/// real <see cref="SwitchSession"/> (over an embedded channel, so no socket) and flushed once;
/// per flow-mod. Baseline: a new message object per flow and <c>Send</c>, which keeps the object
/// for error reports; against one reused instance refilled per flow and <c>SendCopy</c>, which
/// encodes it straight into the session's pooled batch buffer and keeps nothing.
/// </summary>
[MemoryDiagnoser]
public class FlowModSendBenchmarks
{
    private const int Batch = 1000;

    private readonly FlowMod _reused = new();
    private readonly OfpInstruction _apply = new(OfpInstructionType.ApplyActions);
    private EmbeddedChannel _channel = null!;
    private SwitchSession _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        _channel = new EmbeddedChannel();
        _channel.Configuration.Allocator = PooledByteBufferAllocator.Default;
        _session = new SwitchSession(_channel, new NoRegistry(), new NoSink(), new SouthboundOptions(), NullLogger.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => _channel.CloseAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "new FlowMod + Send")]
    public void NewAndSend()
    {
        for (int i = 0; i < Batch; i++)
        {
            _session.Send(FlowModInstallBenchmarks.Flow(i));
        }

        FlushAndDiscard();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "reused FlowMod + SendCopy")]
    public void ReuseAndSendCopy()
    {
        for (int i = 0; i < Batch; i++)
        {
            Fill(_reused, _apply, i);
            _session.SendCopy(_reused);
        }

        FlushAndDiscard();
    }

    // The same flows as FlowModInstallBenchmarks.Flow, written into the reused instance.
    private static void Fill(FlowMod mod, OfpInstruction apply, int i)
    {
        int j = i / 3;
        uint port = (uint)(1 + (j % 4));
        mod.Cookie = (ulong)i;
        mod.Priority = (ushort)(100 + (i % 3));
        mod.Match.Clear();
        mod.Instructions.Clear();
        apply.Actions.Clear();
        switch (i % 3)
        {
            case 0:
                mod.Match.Add(OxmEntry.InPort(port));
                mod.Match.Add(OxmEntry.EthDst(0x0200_0000_0000UL | (uint)j));
                apply.Actions.Add(OfpAction.Output(port));
                break;
            case 1:
                mod.Match.Add(OxmEntry.EthType(0x0800));
                mod.Match.Add(OxmEntry.Ipv4Dst(0x0A00_0000u | ((uint)j << 8), 24));
                mod.Match.Add(OxmEntry.IpProto(6));
                mod.Match.Add(OxmEntry.TcpDst(80));
                apply.Actions.Add(OfpAction.Output(port));
                break;
            default:
                mod.Match.Add(OxmEntry.InPort(port));
                mod.Match.Add(OxmEntry.EthType(0x0800));
                mod.Match.Add(OxmEntry.Ipv4Dst(0x0B00_0000u | (uint)j));
                apply.Actions.Add(OfpAction.PushVlan());
                apply.Actions.Add(OfpAction.SetVlanVid((ushort)(1 + (j % 4094))));
                apply.Actions.Add(OfpAction.Output(port));
                break;
        }

        mod.Instructions.Add(apply);
    }

    private void FlushAndDiscard()
    {
        _session.Flush();
        while (_channel.ReadOutbound<IByteBuffer>() is { } written)
        {
            written.Release();
        }
    }

    private sealed class NoRegistry : ISessionRegistry
    {
        public void Track(SwitchSession session)
        {
        }

        public SwitchSession? Register(SwitchSession session) => null;

        public void Unregister(SwitchSession session)
        {
        }
    }

    private sealed class NoSink : ISwitchEventSink
    {
        public void SwitchConnected(ISwitchConnection connection)
        {
        }

        public void SwitchDisconnected(ISwitchConnection connection, string reason)
        {
        }

        public void PortStatusReceived(ISwitchConnection connection, PortStatus message)
        {
        }

        public void PacketInReceived(ISwitchConnection connection, PacketIn message)
        {
        }

        public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message)
        {
        }

        public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request)
        {
        }
    }
}
